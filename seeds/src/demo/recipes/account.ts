/** Accounts: companies with coherent names, domains, sizes, revenue and addresses. */
import { addDays, fieldOf, isoDate, money, optionLabel, type RecordContext } from '../context.ts';
import { address, company, phone } from '../names.ts';
import { type Recipe, sometimes, text } from './recipe.ts';

function employees(ctx: RecordContext): number {
  // Log-uniform from 10 to 50,000, rounded to two significant digits.
  const raw = 10 ** ctx.rng.float(1, Math.log10(50_000));
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 1);
  return Math.round(raw / magnitude) * magnitude;
}

export const accountRecipe: Recipe = {
  zhShare: 0.3,
  linkChance: { parentAccount: 0.12 },
  identity(ctx) {
    ctx.company = company(ctx.rng, ctx.locale, ctx.state.companyNames);
    ctx.place = ctx.company.place;
    ctx.scratch.employees = employees(ctx);
    ctx.scratch.type = ctx.rng.weighted([
      ['customer', 45],
      ['prospect', 35],
      ['partner', 10],
      ['competitor', 5],
      ['other', 5],
    ] as const);
  },
  fields: {
    name: (ctx) => ctx.company?.name,
    type: (ctx) => ctx.scratch.type,
    industry: (ctx) => ctx.company?.industry,
    grade: (ctx) =>
      ctx.rng.weighted([
        ['a', 10],
        ['b', 25],
        ['c', 45],
        ['d', 20],
      ] as const),
    rating: (ctx) =>
      ctx.rng.weighted([
        ['hot', 25],
        ['warm', 45],
        ['cold', 30],
      ] as const),
    website: (ctx) => `https://www.${ctx.company?.domain ?? 'example.com'}`,
    phone: (ctx) => phone(ctx.rng, ctx.place),
    email: (ctx) => `${text(ctx, 'info', 'contact')}@${ctx.company?.domain ?? 'example.com'}`,
    stockSymbol: (ctx) =>
      sometimes(ctx, 0.2, () =>
        ctx.locale === 'zh'
          ? `${ctx.rng.pick(['600', '601', '000', '002', '300'])}${String(ctx.rng.int(0, 999)).padStart(3, '0')}`
          : (ctx.company?.shortName ?? 'DEMO')
              .replace(/[^A-Za-z]/g, '')
              .slice(0, 4)
              .toUpperCase(),
      ),
    numberOfEmployees: (ctx) => ctx.scratch.employees,
    annualRevenue: (ctx) => sometimes(ctx, 0.85, () => money(ctx, Number(ctx.scratch.employees) * ctx.rng.float(80_000, 400_000), 1_000)),
    foundedOn: (ctx) => sometimes(ctx, 0.7, () => `${ctx.rng.int(1950, 2020)}-${pad(ctx.rng.int(1, 12))}-${pad(ctx.rng.int(1, 28))}`),
    customerSince: (ctx) => (ctx.scratch.type === 'customer' ? isoDate(addDays(ctx.now, -ctx.rng.int(60, 8 * 365))) : undefined),
    tags: (ctx) => {
      const tags = [Number(ctx.scratch.employees) >= 1_000 ? 'enterprise' : 'smb'];
      if (ctx.rng.chance(0.2)) tags.push(ctx.rng.pick(['strategic', 'channel', 'publicSector', 'churnRisk']));
      return tags;
    },
    billingAddress: (ctx) => {
      ctx.scratch.billingAddress = address(ctx.rng, ctx.place);
      return ctx.scratch.billingAddress;
    },
    shippingAddress: (ctx) => (ctx.rng.chance(0.6) ? ctx.scratch.billingAddress : address(ctx.rng, ctx.place)),
    description: (ctx) => {
      const industry = optionLabel(fieldOf(ctx.object, 'industry'), ctx.company?.industry ?? 'other', ctx.locale);
      return ctx.locale === 'zh'
        ? `<p>${ctx.company?.name}是一家总部位于${ctx.place.city}的${industry}企业，员工约 ${ctx.scratch.employees} 人。</p>`
        : `<p><strong>${ctx.company?.name}</strong> is a ${industry.toLowerCase()} company headquartered in ${ctx.place.city}, with about ${ctx.scratch.employees} employees.</p>`;
    },
    isActive: (ctx) => ctx.rng.chance(0.92),
    lastActivityAt: (ctx) => sometimes(ctx, 0.8, () => addDays(ctx.now, -ctx.rng.float(0, 60)).toISOString()),
    externalIds: (ctx) => sometimes(ctx, 0.6, () => ({ erp: `ERP-${10_000 + ctx.index}`, billing: `CUS-${String(ctx.rng.int(1, 999_999)).padStart(6, '0')}` })),
  },
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Leads: prospects at companies that are not accounts yet, spread over the qualification pipeline. */
import { addDays, addMinutes, money } from '../context.ts';
import { address, company, EN_TITLES, person, phone, ZH_TITLES } from '../names.ts';
import { type Recipe, set, sometimes } from './recipe.ts';

export const leadRecipe: Recipe = {
  zhShare: 0.35,
  identity(ctx) {
    ctx.person = person(ctx.rng, ctx.locale);
    ctx.company = company(ctx.rng, ctx.locale, ctx.state.companyNames);
    ctx.place = ctx.company.place;
  },
  fields: {
    name: (ctx) => ctx.person?.fullName,
    company: (ctx) => sometimes(ctx, 0.9, () => ctx.company?.name),
    title: (ctx) => sometimes(ctx, 0.8, () => ctx.rng.pick(ctx.locale === 'zh' ? ZH_TITLES : EN_TITLES)),
    email: (ctx) => sometimes(ctx, 0.85, () => `${ctx.person?.handle ?? 'lead'}@${ctx.company?.domain ?? 'example.com'}`),
    phone: (ctx) => sometimes(ctx, 0.6, () => phone(ctx.rng, ctx.place)),
    mobilePhone: (ctx) => sometimes(ctx, 0.5, () => phone(ctx.rng, ctx.place, true)),
    website: (ctx) => sometimes(ctx, 0.5, () => `https://www.${ctx.company?.domain ?? 'example.com'}`),
    status: (ctx) =>
      ctx.rng.weighted([
        ['new', 30],
        ['working', 30],
        ['qualified', 20],
        ['unqualified', 20],
      ] as const),
    source: (ctx) =>
      ctx.rng.weighted([
        ['web', 30],
        ['referral', 15],
        ['event', 15],
        ['coldCall', 10],
        ['advertisement', 10],
        ['partner', 10],
        ['socialMedia', 7],
        ['other', 3],
      ] as const),
    rating: (ctx) =>
      ctx.rng.weighted([
        ['hot', 20],
        ['warm', 45],
        ['cold', 35],
      ] as const),
    industry: (ctx) => ctx.company?.industry,
    score: (ctx) => sometimes(ctx, 0.8, () => ctx.rng.int(5, 95)),
    numberOfEmployees: (ctx) => sometimes(ctx, 0.6, () => ctx.rng.pick([8, 25, 60, 150, 400, 1_200, 5_000])),
    annualRevenue: (ctx) => sometimes(ctx, 0.4, () => money(ctx, ctx.rng.float(500_000, 80_000_000), 10_000)),
    address: (ctx) => sometimes(ctx, 0.5, () => address(ctx.rng, ctx.place)),
    description: (ctx) =>
      sometimes(ctx, 0.4, () =>
        ctx.rng.pick(
          ctx.locale === 'zh'
            ? ['官网留资，希望了解报价。', '展会上交换名片，对数据分析模块感兴趣。', '老客户推荐，正在选型。', '下载了白皮书，需要电话跟进。']
            : [
                'Asked for pricing through the website.',
                'Met at the trade show; interested in analytics.',
                'Referred by an existing customer; evaluating vendors.',
                'Downloaded the white paper; call to qualify.',
              ],
        ),
      ),
    emailOptOut: (ctx) => ctx.rng.chance(0.05),
    lastContactedAt: (ctx) => addDays(ctx.now, -ctx.rng.float(0, 45)).toISOString(),
  },
  finish(ctx) {
    const status = ctx.record.status;
    if (status === 'new') set(ctx, 'lastContactedAt', undefined);
    if (status === 'unqualified') set(ctx, 'rating', 'cold');
    if (status === 'qualified') {
      set(ctx, 'company', ctx.company?.name);
      if (ctx.record.email === undefined && ctx.record.phone === undefined) {
        set(ctx, 'email', `${ctx.person?.handle ?? 'lead'}@${ctx.company?.domain ?? 'example.com'}`);
      }
      if (ctx.record.rating === 'cold') set(ctx, 'rating', 'warm');
      const converted = ctx.rng.chance(0.5);
      set(ctx, 'isConverted', converted);
      const contacted = typeof ctx.record.lastContactedAt === 'string' ? new Date(ctx.record.lastContactedAt) : addDays(ctx.now, -7);
      const convertedAt = new Date(Math.min(addMinutes(contacted, ctx.rng.int(30, 3 * 24 * 60)).getTime(), ctx.now.getTime()));
      set(ctx, 'convertedAt', converted ? convertedAt.toISOString() : undefined);
    } else {
      set(ctx, 'isConverted', false);
      set(ctx, 'convertedAt', undefined);
    }
  },
};

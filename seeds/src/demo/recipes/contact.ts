/** Contacts: people at their account, with e-mail addresses at the account's domain. */
import { addDays, isoDate } from '../context.ts';
import { address, EN_DEPARTMENTS, EN_TITLES, person, phone, ZH_DEPARTMENTS, ZH_TITLES } from '../names.ts';
import { type Recipe, sometimes } from './recipe.ts';

export const contactRecipe: Recipe = {
  zhShare: 0.3,
  linkChance: { account: 0.95 },
  identity(ctx) {
    ctx.person = person(ctx.rng, ctx.locale);
  },
  fields: {
    name: (ctx) => ctx.person?.fullName,
    firstName: (ctx) => ctx.person?.firstName,
    lastName: (ctx) => ctx.person?.lastName,
    title: (ctx) => ctx.rng.pick(ctx.locale === 'zh' ? ZH_TITLES : EN_TITLES),
    department: (ctx) => sometimes(ctx, 0.7, () => ctx.rng.pick(ctx.locale === 'zh' ? ZH_DEPARTMENTS : EN_DEPARTMENTS)),
    email: (ctx) => sometimes(ctx, 0.9, () => `${ctx.person?.handle ?? 'contact'}@${ctx.company?.domain ?? (ctx.locale === 'zh' ? 'qq.com' : 'gmail.com')}`),
    phone: (ctx) => sometimes(ctx, 0.75, () => phone(ctx.rng, ctx.place)),
    mobilePhone: (ctx) => sometimes(ctx, 0.6, () => phone(ctx.rng, ctx.place, true)),
    wechatId: (ctx) => sometimes(ctx, ctx.locale === 'zh' ? 0.8 : 0.05, () => `wxid_${(ctx.person?.handle ?? 'user').replace('.', '')}${ctx.rng.int(10, 99)}`),
    linkedinUrl: (ctx) =>
      sometimes(ctx, ctx.locale === 'zh' ? 0.1 : 0.5, () => `https://www.linkedin.com/in/${(ctx.person?.handle ?? 'user').replace('.', '-')}`),
    preferredChannel: (ctx) =>
      ctx.locale === 'zh'
        ? ctx.rng.weighted([
            ['wechat', 50],
            ['phone', 25],
            ['email', 20],
            ['inPerson', 5],
          ] as const)
        : ctx.rng.weighted([
            ['email', 60],
            ['phone', 30],
            ['inPerson', 10],
          ] as const),
    birthdate: (ctx) => sometimes(ctx, 0.4, () => isoDate(new Date(Date.UTC(ctx.rng.int(1962, 2000), ctx.rng.int(0, 11), ctx.rng.int(1, 28))))),
    mailingAddress: (ctx) => sometimes(ctx, 0.5, () => address(ctx.rng, ctx.place)),
    doNotCall: (ctx) => ctx.rng.chance(0.05),
    emailOptOut: (ctx) => ctx.rng.chance(0.08),
    lastContactedAt: (ctx) => sometimes(ctx, 0.8, () => addDays(ctx.now, -ctx.rng.float(0, 90)).toISOString()),
    notes: (ctx) =>
      sometimes(ctx, 0.3, () =>
        ctx.rng.pick(
          ctx.locale === 'zh'
            ? ['决策链关键人，关注实施周期。', '偏好微信沟通，周五下午不方便。', '对价格敏感，需要详细的 ROI 分析。', '曾参加我们的年度用户大会。']
            : [
                'Key decision maker; cares about implementation time.',
                'Prefers short calls in the morning.',
                'Price-sensitive; wants a detailed ROI analysis.',
                'Met at our annual user conference.',
              ],
        ),
      ),
  },
};

/** Cases: service requests of accounts' contacts; closed cases are resolved, escalated ones urgent. */
import { addDays, addMinutes, atBusinessHour, linked, type RecordContext } from '../context.ts';
import { round } from '../field-values.ts';
import { phone } from '../names.ts';
import { type Recipe, set, sometimes } from './recipe.ts';

const SUBJECTS: Record<string, { en: string[]; zh: string[] }> = {
  question: {
    en: ['How do I export a report to CSV?', 'Question about user licences', 'Where can I change the time zone?', 'How to set up single sign-on'],
    zh: ['如何把报表导出为 CSV？', '关于用户许可数量的咨询', '在哪里修改时区？', '如何配置单点登录'],
  },
  problem: {
    en: ['Login fails after password reset', 'Dashboard loads slowly', 'Import stops at row 5,000', 'E-mail sync is not working', 'Webhook deliveries fail'],
    zh: ['重置密码后无法登录', '仪表盘加载缓慢', '导入在第 5000 行中断', '邮件同步失败', 'Webhook 推送失败'],
  },
  featureRequest: {
    en: ['Request: custom fields on quotes', 'Request: WeChat integration', 'Request: dark mode'],
    zh: ['需求：报价单支持自定义字段', '需求：对接企业微信', '需求：深色模式'],
  },
  complaint: {
    en: ['Invoice amount is wrong', 'No response from support for three days'],
    zh: ['发票金额有误', '客服三天未回复'],
  },
};

const RESOLUTIONS = {
  en: [
    '<p>Explained the settings; the customer confirmed it works.</p>',
    '<p>Fixed in release 2.4.1; verified with the customer.</p>',
    '<p>Reset the integration token and re-ran the sync.</p>',
    '<p>Logged as a product request; the customer agreed to close the case.</p>',
  ],
  zh: [
    '<p>已说明配置方法，客户确认问题解决。</p>',
    '<p>已在 2.4.1 版本修复，并与客户确认。</p>',
    '<p>重置集成令牌并重新同步后恢复正常。</p>',
    '<p>已记录为产品需求，客户同意关闭工单。</p>',
  ],
};

/** SLA hours by priority. */
const SLA_HOURS: Record<string, number> = { urgent: 4, high: 8, medium: 24, low: 72 };

function opened(ctx: RecordContext): Date {
  return ctx.scratch.openedAt as Date;
}

export const caseRecipe: Recipe = {
  zhShare: 0.3,
  linkChance: { account: 0.95, contact: 0.85 },
  identity(ctx) {
    ctx.person = linked(ctx, 'contact')?.traits.person ?? ctx.person;
    ctx.scratch.openedAt = atBusinessHour(ctx, addDays(ctx.now, -ctx.rng.float(0, 90)));
    ctx.scratch.type = ctx.rng.weighted([
      ['question', 40],
      ['problem', 40],
      ['featureRequest', 12],
      ['complaint', 8],
    ] as const);
  },
  fields: {
    type: (ctx) => ctx.scratch.type,
    name: (ctx) => {
      const subjects = SUBJECTS[String(ctx.record.type ?? ctx.scratch.type)] ?? SUBJECTS.question;
      return subjects === undefined ? undefined : ctx.rng.pick(subjects[ctx.locale]);
    },
    status: (ctx) =>
      ctx.rng.weighted([
        ['new', 20],
        ['working', 25],
        ['waiting', 10],
        ['escalated', 10],
        ['closed', 35],
      ] as const),
    priority: (ctx) =>
      ctx.rng.weighted([
        ['low', 20],
        ['medium', 45],
        ['high', 25],
        ['urgent', 10],
      ] as const),
    origin: (ctx) =>
      ctx.locale === 'zh'
        ? ctx.rng.weighted([
            ['wechat', 40],
            ['phone', 25],
            ['web', 20],
            ['email', 10],
            ['chat', 5],
          ] as const)
        : ctx.rng.weighted([
            ['email', 35],
            ['web', 30],
            ['phone', 20],
            ['chat', 15],
          ] as const),
    affectedProducts: (ctx) => sometimes(ctx, 0.7, () => [ctx.rng.pick(['crm', 'analytics', 'service', 'marketing', 'integration'])]),
    suppliedEmail: (ctx) => {
      const email = linked(ctx, 'contact')?.record.email;
      return ctx.record.origin === 'web' || ctx.record.origin === 'email' ? (typeof email === 'string' ? email : undefined) : undefined;
    },
    suppliedPhone: (ctx) => (ctx.record.origin === 'phone' ? phone(ctx.rng, ctx.place, true) : undefined),
    description: (ctx) =>
      ctx.locale === 'zh' ? '客户反馈的问题详情见附件截图，需尽快回复。' : 'Details and screenshots from the customer are attached; please respond soon.',
    slaDueAt: (ctx) => addMinutes(opened(ctx), (SLA_HOURS[String(ctx.record.priority)] ?? 24) * 60).toISOString(),
    // Filled by `finish` from the status.
    escalated: () => undefined,
    closedAt: () => undefined,
    resolution: () => undefined,
    satisfaction: () => undefined,
    timeSpentHours: () => undefined,
  },
  finish(ctx) {
    const status = ctx.record.status;
    const escalated = status === 'escalated' || (status === 'closed' && ctx.rng.chance(0.1));
    set(ctx, 'escalated', escalated);
    if (escalated && ctx.record.priority !== 'high' && ctx.record.priority !== 'urgent') set(ctx, 'priority', ctx.rng.pick(['high', 'urgent']));
    if (ctx.record.slaDueAt !== undefined) {
      set(ctx, 'slaDueAt', addMinutes(opened(ctx), (SLA_HOURS[String(ctx.record.priority)] ?? 24) * 60).toISOString());
    }
    if (status === 'closed') {
      const closedAt = new Date(Math.min(addMinutes(opened(ctx), ctx.rng.int(30, 10 * 24 * 60)).getTime(), ctx.now.getTime()));
      set(ctx, 'closedAt', closedAt.toISOString());
      set(ctx, 'resolution', ctx.rng.pick(RESOLUTIONS[ctx.locale]));
      set(
        ctx,
        'satisfaction',
        sometimes(ctx, 0.7, () =>
          ctx.rng.weighted([
            [5, 40],
            [4, 35],
            [3, 15],
            [2, 6],
            [1, 4],
          ] as const),
        ),
      );
      set(ctx, 'timeSpentHours', round(ctx.rng.float(0.25, 24), 2));
    } else {
      set(ctx, 'closedAt', undefined);
      set(ctx, 'resolution', undefined);
      set(ctx, 'satisfaction', undefined);
      set(ctx, 'timeSpentHours', status === 'new' ? undefined : round(ctx.rng.float(0.25, 12), 2));
    }
  },
};

/**
 * Activities: calls, e-mails, meetings, visits, tasks and notes on a lead, a case, or an account
 * with its contacts and opportunities. Past activities are done, future ones planned.
 */
import { addDays, addMinutes, atBusinessHour, isoDate, linked, type RecordContext } from '../context.ts';
import { type Recipe, recordsOf, set, setLink, sometimes } from './recipe.ts';

type ActivityType = 'call' | 'email' | 'meeting' | 'visit' | 'task' | 'note';

const DURATION: Record<ActivityType, [number, number] | undefined> = {
  call: [10, 45],
  meeting: [30, 120],
  visit: [60, 240],
  email: undefined,
  task: undefined,
  note: undefined,
};

function subject(ctx: RecordContext, type: ActivityType): string {
  const zh = ctx.locale === 'zh';
  const who = ctx.person?.fullName;
  const firstName = ctx.person?.firstName;
  const where = ctx.company?.shortName;
  const options: string[] = [];
  switch (type) {
    case 'call':
      if (zh) options.push(who ? `电话回访${who}` : '电话跟进', where ? `与${where}沟通需求` : '需求沟通电话');
      else options.push(firstName ? `Call with ${firstName}` : 'Follow-up call', where ? `Discovery call: ${where}` : 'Discovery call');
      break;
    case 'email':
      if (zh) options.push(who ? `给${who}发送报价` : '发送报价邮件', '发送产品资料');
      else options.push(firstName ? `Send proposal to ${firstName}` : 'Send proposal', 'Email: pricing questions');
      break;
    case 'meeting':
      if (zh) options.push(where ? `${where}产品演示会` : '产品演示会', '季度业务回顾');
      else options.push(where ? `Product demo for ${where}` : 'Product demo', 'Quarterly business review');
      break;
    case 'visit':
      if (zh) options.push(where ? `上门拜访${where}` : '客户拜访');
      else options.push(where ? `On-site visit at ${where}` : 'On-site visit');
      break;
    case 'task':
      if (zh) options.push(where ? `准备${where}报价单` : '准备报价单', '起草合同', '更新客户资料');
      else options.push(where ? `Prepare quote for ${where}` : 'Prepare quote', 'Draft the contract', 'Update account details');
      break;
    case 'note':
      options.push(zh ? '需求沟通纪要' : 'Notes from the discovery call', zh ? '竞品情况记录' : 'Competitor notes');
      break;
  }
  return ctx.rng.pick(options);
}

export const activityRecipe: Recipe = {
  zhShare: 0.3,
  link(ctx) {
    const leads = recordsOf(ctx, 'lead');
    const cases = recordsOf(ctx, 'case');
    const accounts = recordsOf(ctx, 'account');
    const mode = ctx.rng.weighted([
      ['lead', leads.length > 0 ? 20 : 0],
      ['case', cases.length > 0 ? 15 : 0],
      ['account', accounts.length > 0 ? 65 : 0],
      ['none', 1],
    ] as const);
    if (mode === 'lead') {
      setLink(ctx, 'lead', ctx.rng.pick(leads));
    } else if (mode === 'case') {
      const supportCase = ctx.rng.pick(cases);
      setLink(ctx, 'case', supportCase);
      for (const apiName of ['account', 'contact']) {
        const id = supportCase.record[apiName];
        setLink(ctx, apiName, typeof id === 'string' ? ctx.state.byId.get(id) : undefined);
      }
    } else if (mode === 'account') {
      const account = ctx.rng.pick(accounts);
      setLink(ctx, 'account', account);
      const ofAccount = (apiName: string) => recordsOf(ctx, apiName).filter((candidate) => candidate.record.account === account.record.id);
      const contacts = ofAccount('contact');
      const opportunities = ofAccount('opportunity');
      if (contacts.length > 0 && ctx.rng.chance(0.75)) setLink(ctx, 'contact', ctx.rng.pick(contacts));
      if (opportunities.length > 0 && ctx.rng.chance(0.55)) setLink(ctx, 'opportunity', ctx.rng.pick(opportunities));
    }
  },
  identity(ctx) {
    // The person the activity is with: its contact or its lead.
    ctx.person = (linked(ctx, 'contact') ?? linked(ctx, 'lead'))?.traits.person ?? ctx.person;
    ctx.company = (linked(ctx, 'account') ?? linked(ctx, 'lead'))?.traits.company ?? ctx.company;
    const type = ctx.rng.weighted([
      ['call', 25],
      ['email', 22],
      ['meeting', 18],
      ['visit', 5],
      ['task', 22],
      ['note', 8],
    ] as const);
    ctx.scratch.type = type;
    // When it happens: mostly in the past four months, some in the next month.
    const when = atBusinessHour(ctx, addDays(ctx.now, ctx.rng.float(-120, 30)));
    const duration = DURATION[type];
    const minutes = duration === undefined ? 0 : Math.round(ctx.rng.int(duration[0], duration[1]) / 5) * 5;
    ctx.scratch.when = when;
    ctx.scratch.minutes = minutes;
    ctx.scratch.status = addMinutes(when, minutes) < ctx.now ? (ctx.rng.chance(0.88) ? 'completed' : 'cancelled') : 'planned';
  },
  fields: {
    name: (ctx) => subject(ctx, ctx.scratch.type as ActivityType),
    type: (ctx) => ctx.scratch.type,
    status: (ctx) => ctx.scratch.status,
    priority: (ctx) =>
      ctx.rng.weighted([
        ['low', 20],
        ['normal', 60],
        ['high', 20],
      ] as const),
    location: (ctx) =>
      ctx.scratch.type === 'visit'
        ? ctx.place.city
        : ctx.scratch.type === 'meeting'
          ? ctx.rng.pick(ctx.locale === 'zh' ? ['腾讯会议', '飞书会议', ctx.place.city] : ['Zoom', 'Google Meet', ctx.place.city])
          : undefined,
    outcome: (ctx) =>
      ctx.scratch.status === 'completed'
        ? sometimes(ctx, 0.6, () =>
            ctx.rng.pick(
              ctx.locale === 'zh'
                ? ['客户认可方案，等待内部审批', '需要补充技术资料', '约定下周再沟通', '客户暂无预算']
                : ['Positive; waiting for internal approval', 'Needs more technical detail', 'Agreed to talk again next week', 'No budget this quarter'],
            ),
          )
        : undefined,
    description: (ctx) =>
      sometimes(ctx, 0.4, () => (ctx.locale === 'zh' ? '沟通了实施计划、报价和下一步安排。' : 'Discussed the implementation plan, pricing and next steps.')),
    allDay: () => false,
    // Filled by `finish` from the type and time.
    dueDate: () => undefined,
    startAt: () => undefined,
    endAt: () => undefined,
    durationMinutes: () => undefined,
    completedAt: () => undefined,
  },
  finish(ctx) {
    const type = ctx.record.type as ActivityType;
    const when = ctx.scratch.when as Date;
    const minutes = DURATION[type] === undefined ? 0 : Number(ctx.scratch.minutes);
    const end = addMinutes(when, minutes);
    if (minutes > 0) {
      set(ctx, 'startAt', when.toISOString());
      set(ctx, 'endAt', end.toISOString());
      set(ctx, 'durationMinutes', minutes);
    } else {
      set(ctx, 'startAt', undefined);
      set(ctx, 'endAt', undefined);
      set(ctx, 'durationMinutes', undefined);
    }
    set(ctx, 'dueDate', type === 'task' || ctx.rng.chance(0.2) ? isoDate(when) : undefined);
    set(ctx, 'completedAt', ctx.record.status === 'completed' ? end.toISOString() : undefined);
    if (ctx.record.status !== 'completed') set(ctx, 'outcome', undefined);
  },
};

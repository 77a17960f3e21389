/** Opportunities: deals of an account, spread over the sales pipeline, with stage-consistent fields. */
import { addDays, fieldOf, isoDate, money, optionLabel, optionValues, type RecordContext } from '../context.ts';
import { pipelinesFor } from '../record-checks.ts';
import { type Recipe, set, sometimes } from './recipe.ts';

const CLOSED = new Set(['closedWon', 'closedLost']);

const NEXT_STEPS = {
  en: ['Schedule a product demo', 'Send the revised quote', 'Security review with IT', 'Meet the CFO', 'Draft the contract', 'Run a two-week pilot'],
  zh: ['安排产品演示', '发送修订报价', '与 IT 部门做安全评审', '拜访财务总监', '起草合同', '开展两周试点'],
};

function projectWord(ctx: RecordContext): string {
  const type = ctx.record.type;
  if (ctx.locale === 'zh') return type === 'renewal' ? '续约' : type === 'upsell' ? '扩容' : ctx.rng.pick(['项目', '采购', '升级']);
  return type === 'renewal' ? 'renewal' : type === 'upsell' ? 'expansion' : ctx.rng.pick(['rollout', 'deal', 'project']);
}

export const opportunityRecipe: Recipe = {
  zhShare: 0.3,
  linkChance: { account: 1, primaryContact: 0.8 },
  identity(ctx) {
    const productField = fieldOf(ctx.object, 'products');
    const products = productField === undefined ? [] : optionValues(productField);
    const chosen = new Set(ctx.rng.sample(products, ctx.rng.int(1, 2)));
    ctx.scratch.products = products.filter((value) => chosen.has(value));
    ctx.scratch.stage = ctx.rng.weighted([
      ['prospecting', 14],
      ['qualification', 14],
      ['proposal', 14],
      ['negotiation', 12],
      ['closedWon', 26],
      ['closedLost', 20],
    ] as const);
    ctx.scratch.type = ctx.rng.weighted([
      ['newBusiness', 50],
      ['existingBusiness', 20],
      ['renewal', 15],
      ['upsell', 15],
    ] as const);
  },
  fields: {
    stage: (ctx) => ctx.scratch.stage,
    type: (ctx) => ctx.scratch.type,
    products: (ctx) => ctx.scratch.products,
    name: (ctx) => {
      const products = ctx.scratch.products as string[];
      const product = optionLabel(fieldOf(ctx.object, 'products'), products[0] ?? 'crm', ctx.locale);
      const who = ctx.company?.shortName ?? (ctx.locale === 'zh' ? '新客户' : 'New customer');
      return ctx.locale === 'zh' ? `${who} - ${product}${projectWord(ctx)}` : `${who} – ${product} ${projectWord(ctx)}`;
    },
    amount: (ctx) => (ctx.scratch.stage !== 'prospecting' || ctx.rng.chance(0.6) ? money(ctx, ctx.rng.float(5_000, 250_000), 100) : undefined),
    leadSource: (ctx) =>
      ctx.rng.weighted([
        ['web', 25],
        ['referral', 20],
        ['event', 15],
        ['partner', 15],
        ['coldCall', 10],
        ['advertisement', 10],
        ['other', 5],
      ] as const),
    nextStep: (ctx) => (CLOSED.has(String(ctx.scratch.stage)) ? undefined : sometimes(ctx, 0.7, () => ctx.rng.pick(NEXT_STEPS[ctx.locale]))),
    isPrivate: (ctx) => ctx.rng.chance(0.05),
    description: (ctx) =>
      sometimes(ctx, 0.4, () =>
        ctx.locale === 'zh' ? '客户希望在下季度完成上线，预算已获批。' : 'The customer wants to go live next quarter; budget is approved.',
      ),
    // Filled by `finish` from the stage.
    closeDate: () => undefined,
    probability: () => undefined,
    forecastCategory: () => undefined,
    lossReason: () => undefined,
  },
  finish(ctx) {
    const stage = String(ctx.record.stage ?? '');
    if (stage === 'closedWon' || stage === 'closedLost') {
      set(ctx, 'closeDate', isoDate(addDays(ctx.now, -ctx.rng.int(1, 365))));
      set(ctx, 'nextStep', undefined);
      set(ctx, 'forecastCategory', stage === 'closedWon' ? 'closed' : 'omitted');
      set(
        ctx,
        'lossReason',
        stage === 'closedLost'
          ? ctx.rng.weighted([
              ['price', 30],
              ['competitor', 30],
              ['noBudget', 15],
              ['noDecision', 15],
              ['timing', 7],
              ['other', 3],
            ] as const)
          : undefined,
      );
      if (stage === 'closedWon' && ctx.record.amount === undefined) set(ctx, 'amount', money(ctx, ctx.rng.float(5_000, 250_000), 100));
    } else {
      const hasCloseDate = stage !== 'prospecting' || ctx.rng.chance(0.7);
      set(ctx, 'closeDate', hasCloseDate ? isoDate(addDays(ctx.now, ctx.rng.int(7, 180))) : undefined);
      set(ctx, 'lossReason', undefined);
      set(ctx, 'forecastCategory', stage === 'negotiation' ? 'commit' : stage === 'proposal' ? 'bestCase' : 'pipeline');
    }
    // The probability is the stage's, as the pipeline defines it.
    for (const pipeline of pipelinesFor(ctx.state.bundle, ctx.object, ctx.record, ctx.now)) {
      const entered = pipeline.stages.find((candidate) => candidate.value === ctx.record[pipeline.field]);
      if (entered !== undefined) set(ctx, 'probability', entered.probability);
    }
  },
};

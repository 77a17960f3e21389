/**
 * Pipelines: the sales pipeline on `opportunity.stage` and the lead-qualification pipeline on
 * `lead.status`. Entry conditions say which fields a record needs before it may enter a stage;
 * later stages repeat the requirements of earlier ones, so skipping a stage skips no check.
 */
import { type JsonLogic, l, type PipelineDef } from './model.ts';

const hasAccount: JsonLogic = { '!!': [{ var: 'account' }] };
const hasPositiveAmount: JsonLogic = { '>': [{ var: 'amount.amount' }, 0] };
const hasCloseDate: JsonLogic = { '!!': [{ var: 'closeDate' }] };

export const salesPipeline: PipelineDef = {
  id: 'pip_opportunity_sales',
  object: 'obj_opportunity',
  apiName: 'sales',
  label: l('Sales pipeline', '销售流程'),
  field: 'stage',
  isDefault: true,
  stages: [
    { id: 'stg_sales_prospecting', value: 'prospecting', label: l('Prospecting', '初步接洽'), category: 'open', probability: 10 },
    {
      id: 'stg_sales_qualification',
      value: 'qualification',
      label: l('Qualification', '需求确认'),
      category: 'open',
      probability: 20,
      entryCondition: hasAccount,
      entryMessage: l('Link the opportunity to an account before qualifying it.', '确认需求前，请先关联客户。'),
    },
    {
      id: 'stg_sales_proposal',
      value: 'proposal',
      label: l('Proposal', '方案报价'),
      category: 'open',
      probability: 50,
      entryCondition: { and: [hasAccount, hasPositiveAmount] },
      entryMessage: l('A proposal needs an account and an amount.', '提交方案报价前，请填写客户和金额。'),
    },
    {
      id: 'stg_sales_negotiation',
      value: 'negotiation',
      label: l('Negotiation', '商务谈判'),
      category: 'open',
      probability: 80,
      entryCondition: { and: [hasAccount, hasPositiveAmount, hasCloseDate] },
      entryMessage: l('Negotiation needs an account, an amount and a close date.', '进入商务谈判前，请填写客户、金额和预计成交日期。'),
    },
    {
      id: 'stg_sales_closed_won',
      value: 'closedWon',
      label: l('Closed won', '赢单'),
      category: 'won',
      probability: 100,
      entryCondition: { and: [hasAccount, hasPositiveAmount, hasCloseDate] },
      entryMessage: l('A won deal needs an account, an amount and a close date.', '赢单前，请填写客户、金额和成交日期。'),
    },
    {
      id: 'stg_sales_closed_lost',
      value: 'closedLost',
      label: l('Closed lost', '输单'),
      category: 'lost',
      probability: 0,
      entryCondition: { '!!': [{ var: 'lossReason' }] },
      entryMessage: l('Choose a loss reason before closing the opportunity as lost.', '输单前，请选择输单原因。'),
    },
  ],
};

export const leadPipeline: PipelineDef = {
  id: 'pip_lead_qualification',
  object: 'obj_lead',
  apiName: 'leadQualification',
  label: l('Lead qualification', '线索跟进流程'),
  field: 'status',
  isDefault: true,
  stages: [
    { id: 'stg_lead_qualification_new', value: 'new', label: l('New', '新线索'), category: 'open', probability: 5 },
    { id: 'stg_lead_qualification_working', value: 'working', label: l('Working', '跟进中'), category: 'open', probability: 20 },
    {
      id: 'stg_lead_qualification_qualified',
      value: 'qualified',
      label: l('Qualified', '已确认'),
      category: 'won',
      probability: 100,
      entryCondition: {
        and: [{ '!!': [{ var: 'company' }] }, { or: [{ '!!': [{ var: 'email' }] }, { '!!': [{ var: 'phone' }] }] }],
      },
      entryMessage: l('A qualified lead needs a company and an email or phone number.', '确认线索前，请填写公司以及邮箱或电话。'),
    },
    { id: 'stg_lead_qualification_unqualified', value: 'unqualified', label: l('Unqualified', '无效'), category: 'lost', probability: 0 },
  ],
};

export const crmPipelines: PipelineDef[] = [salesPipeline, leadPipeline];

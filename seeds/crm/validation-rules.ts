/**
 * Validation rules of the CRM bundle. Every condition is true for a record that only has a name
 * (absent fields read as `null`), so quick entry never trips over them.
 */
import { type JsonLogic, l, type ValidationRuleDef } from './model.ts';

const isBlank = (field: string): JsonLogic => ({ '!': [{ var: field }] });
const isNull = (field: string): JsonLogic => ({ '==': [{ var: field }, null] });
const isSet = (field: string): JsonLogic => ({ '!!': [{ var: field }] });

export const crmValidationRules: ValidationRuleDef[] = [
  {
    id: 'rule_opportunity_amount_not_negative',
    object: 'obj_opportunity',
    apiName: 'amountNotNegative',
    description: 'The amount of an opportunity is zero or more.',
    condition: { or: [isNull('amount.amount'), { '>=': [{ var: 'amount.amount' }, 0] }] },
    errorMessage: l('The amount must not be negative.', '金额不能为负数。'),
    field: 'amount',
    active: true,
  },
  {
    id: 'rule_opportunity_probability_range',
    object: 'obj_opportunity',
    apiName: 'probabilityInRange',
    description: 'Probability is a percentage between 0 and 100.',
    condition: { or: [isNull('probability'), { '<=': [0, { var: 'probability' }, 100] }] },
    errorMessage: l('Probability must be between 0 and 100.', '赢率必须在 0 到 100 之间。'),
    field: 'probability',
    active: true,
  },
  {
    id: 'rule_opportunity_lost_needs_reason',
    object: 'obj_opportunity',
    apiName: 'lostNeedsReason',
    description: 'A lost opportunity says why it was lost.',
    condition: { or: [{ '!=': [{ var: 'stage' }, 'closedLost'] }, isSet('lossReason')] },
    errorMessage: l('Choose a loss reason for a lost opportunity.', '输单的商机必须选择输单原因。'),
    field: 'lossReason',
    active: true,
  },
  {
    id: 'rule_account_employees_not_negative',
    object: 'obj_account',
    apiName: 'employeesNotNegative',
    description: 'The number of employees is zero or more.',
    condition: { or: [isNull('numberOfEmployees'), { '>=': [{ var: 'numberOfEmployees' }, 0] }] },
    errorMessage: l('The number of employees must not be negative.', '员工人数不能为负数。'),
    field: 'numberOfEmployees',
    active: true,
  },
  {
    id: 'rule_lead_qualified_needs_contact_info',
    object: 'obj_lead',
    apiName: 'qualifiedNeedsContactInfo',
    description: 'A qualified lead can be reached: it has an email or a phone number.',
    condition: { or: [{ '!=': [{ var: 'status' }, 'qualified'] }, isSet('email'), isSet('phone')] },
    errorMessage: l('A qualified lead needs an email or a phone number.', '已确认的线索必须填写邮箱或电话。'),
    field: 'email',
    active: true,
  },
  {
    id: 'rule_lead_score_range',
    object: 'obj_lead',
    apiName: 'scoreInRange',
    description: 'Lead scores run from 0 to 100.',
    condition: { or: [isNull('score'), { '<=': [0, { var: 'score' }, 100] }] },
    errorMessage: l('The lead score must be between 0 and 100.', '线索评分必须在 0 到 100 之间。'),
    field: 'score',
    active: true,
  },
  {
    id: 'rule_activity_end_after_start',
    object: 'obj_activity',
    apiName: 'endAfterStart',
    description: 'An activity does not end before it starts.',
    condition: { or: [isBlank('startAt'), isBlank('endAt'), { '>=': [{ var: 'endAt' }, { var: 'startAt' }] }] },
    errorMessage: l('The end must not be before the start.', '结束时间不能早于开始时间。'),
    field: 'endAt',
    active: true,
  },
  {
    id: 'rule_case_closed_needs_resolution',
    object: 'obj_case',
    apiName: 'closedNeedsResolution',
    description: 'A closed case records how it was resolved.',
    condition: { or: [{ '!=': [{ var: 'status' }, 'closed'] }, isSet('resolution')] },
    errorMessage: l('Describe the resolution before closing the case.', '关闭工单前，请填写解决方案。'),
    field: 'resolution',
    active: true,
  },
  {
    id: 'rule_case_escalated_priority',
    object: 'obj_case',
    apiName: 'escalatedNeedsHighPriority',
    description: 'An escalated case has high or urgent priority.',
    condition: { or: [{ '!': [{ var: 'escalated' }] }, { in: [{ var: 'priority' }, ['high', 'urgent']] }] },
    errorMessage: l('An escalated case must have high or urgent priority.', '已升级的工单优先级必须为“高”或“紧急”。'),
    field: 'priority',
    active: true,
  },
  {
    id: 'rule_case_satisfaction_range',
    object: 'obj_case',
    apiName: 'satisfactionInRange',
    description: 'Satisfaction is rated from 1 to 5.',
    condition: { or: [isNull('satisfaction'), { '<=': [1, { var: 'satisfaction' }, 5] }] },
    errorMessage: l('Satisfaction must be between 1 and 5.', '满意度必须在 1 到 5 之间。'),
    field: 'satisfaction',
    active: true,
  },
];

import type { MetadataBundle, ObjectDef } from '@atrium/metadata';

/**
 * A small CRM for the web app's tests: accounts, and opportunities with fields of several types,
 * a two-section layout, a pipeline with an entry condition and a validation rule.
 */
export const account: ObjectDef = {
  id: 'obj_account',
  apiName: 'account',
  pluralApiName: 'accounts',
  label: { en: 'Account', 'zh-CN': '客户' },
  pluralLabel: { en: 'Accounts', 'zh-CN': '客户' },
  nameField: 'name',
  fields: [
    { id: 'fld_account_name', apiName: 'name', type: 'text', label: { en: 'Account name', 'zh-CN': '客户名称' }, required: true },
    { id: 'fld_account_employees', apiName: 'employees', type: 'integer', label: { en: 'Employees' } },
  ],
};

export const opportunity: ObjectDef = {
  id: 'obj_opportunity',
  apiName: 'opportunity',
  pluralApiName: 'opportunities',
  label: { en: 'Opportunity', 'zh-CN': '商机' },
  pluralLabel: { en: 'Opportunities', 'zh-CN': '商机' },
  nameField: 'name',
  fields: [
    { id: 'fld_opp_name', apiName: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true },
    {
      id: 'fld_opp_stage',
      apiName: 'stage',
      type: 'picklist',
      label: { en: 'Stage', 'zh-CN': '阶段' },
      default: 'prospecting',
      config: {
        options: [
          { id: 'opt_p', value: 'prospecting', label: { en: 'Prospecting', 'zh-CN': '初步接洽' }, color: '#888888' },
          { id: 'opt_q', value: 'proposal', label: { en: 'Proposal', 'zh-CN': '方案报价' } },
          { id: 'opt_w', value: 'won', label: { en: 'Won', 'zh-CN': '赢单' } },
          { id: 'opt_old', value: 'legacy', label: { en: 'Legacy' }, inactive: true },
        ],
      },
    },
    { id: 'fld_opp_amount', apiName: 'amount', type: 'currency', label: { en: 'Amount', 'zh-CN': '金额' }, config: { defaultCurrency: 'EUR' } },
    { id: 'fld_opp_close', apiName: 'closeDate', type: 'date', label: { en: 'Close date', 'zh-CN': '预计成交日期' } },
    {
      id: 'fld_opp_account',
      apiName: 'account',
      type: 'lookup',
      label: { en: 'Account', 'zh-CN': '客户' },
      config: { target: 'obj_account', onDelete: 'setNull' },
    },
    { id: 'fld_opp_private', apiName: 'isPrivate', type: 'boolean', label: { en: 'Private' } },
    {
      id: 'fld_opp_products',
      apiName: 'products',
      type: 'multiPicklist',
      label: { en: 'Products' },
      config: { options: [{ id: 'o1', value: 'crm', label: { en: 'CRM' } }] },
    },
    { id: 'fld_opp_notes', apiName: 'notes', type: 'longText', label: { en: 'Notes' }, helpText: { en: 'What happened so far' } },
    { id: 'fld_opp_score', apiName: 'score', type: 'formula', label: { en: 'Score' }, config: { expression: { '*': [2, 3] }, resultType: 'number' } },
    { id: 'fld_opp_code', apiName: 'code', type: 'text', label: { en: 'Code' }, required: true },
    { id: 'fld_opp_secret', apiName: 'secret', type: 'text', label: { en: 'Secret' } },
    { id: 'fld_opp_gone', apiName: 'gone', type: 'text', label: { en: 'Gone' }, state: 'deleted' },
  ],
};

export function crmBundle(): MetadataBundle {
  return {
    atrium: 'metadata-bundle',
    formatVersion: 1,
    objects: [account, opportunity],
    layouts: [
      {
        id: 'lay_opp',
        object: 'obj_opportunity',
        apiName: 'default',
        label: { en: 'Default' },
        isDefault: true,
        sections: [
          {
            id: 'sec_main',
            label: { en: 'Main', 'zh-CN': '基本信息' },
            columns: 2,
            fields: ['name', 'stage', 'account', 'amount', 'closeDate', 'score', 'secret'],
          },
          { id: 'sec_more', label: { en: 'More' }, columns: 1, fields: ['notes', 'isPrivate', 'gone'], collapsed: true },
        ],
        relatedLists: [],
      },
    ],
    pipelines: [
      {
        id: 'pip_sales',
        object: 'obj_opportunity',
        apiName: 'sales',
        label: { en: 'Sales' },
        field: 'stage',
        isDefault: true,
        stages: [
          { id: 'st_p', value: 'prospecting', label: { en: 'Prospecting' }, category: 'open', probability: 10 },
          {
            id: 'st_q',
            value: 'proposal',
            label: { en: 'Proposal' },
            category: 'open',
            probability: 50,
            entryCondition: { '!!': { var: 'account' } },
            entryMessage: { en: 'A proposal needs an account.', 'zh-CN': '提交方案前请先关联客户。' },
          },
          { id: 'st_w', value: 'won', label: { en: 'Won' }, category: 'won', probability: 100 },
        ],
      },
    ],
    validationRules: [
      {
        id: 'rule_amount',
        object: 'obj_opportunity',
        apiName: 'amountNotNegative',
        condition: { or: [{ '==': [{ var: 'amount.amount' }, null] }, { '>=': [{ var: 'amount.amount' }, 0] }] },
        errorMessage: { en: 'The amount must not be negative.', 'zh-CN': '金额不能为负数。' },
        field: 'amount',
      },
    ],
  };
}

import type { FieldDef, MetadataBundle, ObjectDef } from '../model/types.ts';

/** A small CRM bundle touching every field type, for tests. Returns a fresh copy each call. */

const labels = (en: string) => ({ en });

function field(id: string, apiName: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef {
  return { id, apiName, type, label: labels(apiName), ...extra };
}

export function sampleAccount(): ObjectDef {
  return {
    id: 'obj_account',
    apiName: 'account',
    pluralApiName: 'accounts',
    label: { en: 'Account', 'zh-CN': '客户' },
    pluralLabel: { en: 'Accounts', 'zh-CN': '客户' },
    nameField: 'name',
    fields: [
      field('fld_account_name', 'name', 'text', { required: true, config: { maxLength: 120 } }),
      field('fld_account_website', 'website', 'url'),
      field('fld_account_industry', 'industry', 'picklist', {
        config: {
          options: [
            { id: 'opt_industry_tech', value: 'tech', label: labels('Technology') },
            { id: 'opt_industry_retail', value: 'retail', label: labels('Retail') },
            { id: 'opt_industry_old', value: 'old', label: labels('Old'), inactive: true },
          ],
        },
      }),
      field('fld_account_revenue', 'annualRevenue', 'currency', { config: { defaultCurrency: 'USD' } }),
      field('fld_account_address', 'billingAddress', 'address'),
      field('fld_account_parent', 'parent', 'lookup', { config: { target: 'obj_account', onDelete: 'setNull' } }),
      field('fld_account_employees', 'employees', 'integer'),
    ],
  };
}

export function sampleOpportunity(): ObjectDef {
  return {
    id: 'obj_opportunity',
    apiName: 'opportunity',
    pluralApiName: 'opportunities',
    label: labels('Opportunity'),
    pluralLabel: labels('Opportunities'),
    nameField: 'name',
    options: { trackHistory: true, trackedFields: ['stage', 'amount'] },
    fields: [
      field('fld_opp_name', 'name', 'text', { required: true }),
      field('fld_opp_amount', 'amount', 'currency', { config: { precision: 12, scale: 2 } }),
      field('fld_opp_stage', 'stage', 'picklist', {
        required: true,
        default: 'prospecting',
        config: {
          options: [
            { id: 'opt_stage_prospecting', value: 'prospecting', label: labels('Prospecting') },
            { id: 'opt_stage_proposal', value: 'proposal', label: labels('Proposal') },
            { id: 'opt_stage_won', value: 'closedWon', label: labels('Closed won') },
            { id: 'opt_stage_lost', value: 'closedLost', label: labels('Closed lost') },
          ],
        },
      }),
      field('fld_opp_close', 'closeDate', 'date'),
      field('fld_opp_probability', 'probability', 'percent', { config: { precision: 5, scale: 2 } }),
      field('fld_opp_account', 'account', 'masterDetail', { config: { target: 'obj_account', relationName: 'opportunities' } }),
      field('fld_opp_rep', 'salesRep', 'user'),
      field('fld_opp_weighted', 'weightedAmount', 'formula', {
        config: {
          expression: { '*': [{ var: 'amount.amount' }, { '/': [{ var: 'probability' }, 100] }] },
          resultType: 'number',
        },
      }),
      field('fld_opp_account_name', 'accountName', 'formula', {
        config: { expression: { var: 'account.name' }, resultType: 'text' },
      }),
    ],
  };
}

export function sampleTicket(): ObjectDef {
  return {
    id: 'obj_ticket',
    apiName: 'ticket',
    pluralApiName: 'tickets',
    label: labels('Ticket'),
    pluralLabel: labels('Tickets'),
    nameField: 'number',
    fields: [
      field('fld_ticket_number', 'number', 'autoNumber', { config: { displayFormat: 'CASE-{0000}', startAt: 1 } }),
      field('fld_ticket_subject', 'subject', 'text', { required: true }),
      field('fld_ticket_body', 'body', 'longText'),
      field('fld_ticket_notes', 'notes', 'richText'),
      field('fld_ticket_email', 'contactEmail', 'email'),
      field('fld_ticket_phone', 'contactPhone', 'phone'),
      field('fld_ticket_tags', 'tags', 'multiPicklist', {
        config: {
          options: [
            { id: 'opt_tag_bug', value: 'bug', label: labels('Bug') },
            { id: 'opt_tag_billing', value: 'billing', label: labels('Billing') },
          ],
        },
      }),
      field('fld_ticket_urgent', 'urgent', 'boolean', { default: false }),
      field('fld_ticket_opened', 'openedAt', 'datetime'),
      field('fld_ticket_score', 'score', 'number', { config: { precision: 6, scale: 2 } }),
      field('fld_ticket_related', 'relatedAccounts', 'manyToMany', { config: { target: 'obj_account' } }),
      field('fld_ticket_payload', 'payload', 'json'),
      field('fld_ticket_account', 'account', 'lookup', { config: { target: 'obj_account', onDelete: 'restrict' } }),
    ],
  };
}

export function sampleBundle(): MetadataBundle {
  return {
    atrium: 'metadata-bundle',
    formatVersion: 1,
    objects: [sampleAccount(), sampleOpportunity(), sampleTicket()],
    layouts: [
      {
        id: 'lay_account_default',
        object: 'obj_account',
        apiName: 'default',
        label: labels('Account'),
        isDefault: true,
        sections: [{ id: 'sec_account_main', label: labels('Details'), columns: 2, fields: ['name', 'industry', 'website'] }],
        relatedLists: [{ id: 'rel_account_opps', object: 'obj_opportunity', field: 'account', columns: ['name', 'stage', 'amount'] }],
      },
    ],
    pipelines: [
      {
        id: 'pip_sales',
        object: 'obj_opportunity',
        apiName: 'sales',
        label: labels('Sales'),
        field: 'stage',
        isDefault: true,
        stages: [
          { id: 'stg_prospecting', value: 'prospecting', label: labels('Prospecting'), category: 'open', probability: 10 },
          {
            id: 'stg_proposal',
            value: 'proposal',
            label: labels('Proposal'),
            category: 'open',
            probability: 50,
            entryCondition: { '!!': [{ var: 'closeDate' }] },
            entryMessage: labels('Set a close date first'),
          },
          { id: 'stg_won', value: 'closedWon', label: labels('Won'), category: 'won', probability: 100 },
          { id: 'stg_lost', value: 'closedLost', label: labels('Lost'), category: 'lost', probability: 0 },
        ],
      },
    ],
    validationRules: [
      {
        id: 'rul_amount_positive',
        object: 'obj_opportunity',
        apiName: 'amountPositive',
        condition: { or: [{ '!': [{ var: 'amount' }] }, { '>': [{ var: 'amount.amount' }, 0] }] },
        errorMessage: labels('The amount must be positive'),
        field: 'amount',
      },
    ],
  };
}

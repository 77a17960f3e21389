import type { FieldDef, ObjectDef } from '@atrium/metadata';

/** Small objects for the metadata engine's tests. */
export function accountObject(): ObjectDef {
  return {
    id: 'obj_account',
    apiName: 'account',
    pluralApiName: 'accounts',
    label: { en: 'Account', 'zh-CN': '客户' },
    pluralLabel: { en: 'Accounts', 'zh-CN': '客户' },
    nameField: 'name',
    fields: [{ id: 'fld_account_name', apiName: 'name', type: 'text', label: { en: 'Name', 'zh-CN': '名称' }, required: true }],
  };
}

/** One field of every type (targets: `obj_account`). */
export function fieldsOfEveryType(): FieldDef[] {
  const label = (en: string) => ({ en, 'zh-CN': en });
  return [
    { id: 'fld_deal_name', apiName: 'name', type: 'text', label: label('Name'), required: true, config: { maxLength: 200 } },
    { id: 'fld_deal_notes', apiName: 'notes', type: 'longText', label: label('Notes') },
    { id: 'fld_deal_body', apiName: 'body', type: 'richText', label: label('Body') },
    { id: 'fld_deal_email', apiName: 'email', type: 'email', label: label('Email'), unique: true },
    { id: 'fld_deal_phone', apiName: 'phone', type: 'phone', label: label('Phone') },
    { id: 'fld_deal_site', apiName: 'site', type: 'url', label: label('Site') },
    { id: 'fld_deal_quantity', apiName: 'quantity', type: 'integer', label: label('Quantity'), indexed: true },
    { id: 'fld_deal_weight', apiName: 'weight', type: 'number', label: label('Weight'), config: { precision: 12, scale: 3 } },
    { id: 'fld_deal_amount', apiName: 'amount', type: 'currency', label: label('Amount'), config: { precision: 18, scale: 2, defaultCurrency: 'USD' } },
    { id: 'fld_deal_discount', apiName: 'discount', type: 'percent', label: label('Discount') },
    { id: 'fld_deal_won', apiName: 'won', type: 'boolean', label: label('Won') },
    { id: 'fld_deal_close', apiName: 'closeDate', type: 'date', label: label('Close date') },
    { id: 'fld_deal_seen', apiName: 'lastSeenAt', type: 'datetime', label: label('Last seen') },
    {
      id: 'fld_deal_stage',
      apiName: 'stage',
      type: 'picklist',
      label: label('Stage'),
      default: 'new',
      config: {
        options: [
          { id: 'opt_deal_stage_new', value: 'new', label: label('New'), color: '#1677ff' },
          { id: 'opt_deal_stage_won', value: 'won', label: label('Won'), color: '#52c41a' },
          { id: 'opt_deal_stage_lost', value: 'lost', label: label('Lost'), color: '#f5222d' },
        ],
      },
    },
    {
      id: 'fld_deal_tags',
      apiName: 'tags',
      type: 'multiPicklist',
      label: label('Tags'),
      config: {
        options: [
          { id: 'opt_deal_tags_hot', value: 'hot', label: label('Hot') },
          { id: 'opt_deal_tags_cold', value: 'cold', label: label('Cold') },
        ],
      },
    },
    {
      id: 'fld_deal_account',
      apiName: 'account',
      type: 'lookup',
      label: label('Account'),
      config: { target: 'obj_account', onDelete: 'setNull', relationName: 'deals' },
    },
    {
      id: 'fld_deal_parent',
      apiName: 'parentAccount',
      type: 'masterDetail',
      label: label('Parent account'),
      config: { target: 'obj_account', relationName: 'ownedDeals' },
    },
    {
      id: 'fld_deal_partners',
      apiName: 'partners',
      type: 'manyToMany',
      label: label('Partners'),
      config: { target: 'obj_account', relationName: 'partnerDeals' },
    },
    { id: 'fld_deal_reviewer', apiName: 'reviewer', type: 'user', label: label('Reviewer') },
    { id: 'fld_deal_number', apiName: 'number', type: 'autoNumber', label: label('Number'), config: { displayFormat: 'DEAL-{0000}', startAt: 1 } },
    {
      id: 'fld_deal_total',
      apiName: 'total',
      type: 'formula',
      label: label('Total'),
      config: { expression: { '*': [{ var: 'quantity' }, 2] }, resultType: 'number' },
    },
    { id: 'fld_deal_address', apiName: 'shippingAddress', type: 'address', label: label('Shipping address') },
    { id: 'fld_deal_extra', apiName: 'extra', type: 'json', label: label('Extra') },
  ];
}

export function dealObject(): ObjectDef {
  return {
    id: 'obj_deal',
    apiName: 'deal',
    pluralApiName: 'deals',
    label: { en: 'Deal', 'zh-CN': '交易' },
    pluralLabel: { en: 'Deals', 'zh-CN': '交易' },
    nameField: 'name',
    options: { trackHistory: true },
    fields: fieldsOfEveryType(),
  };
}

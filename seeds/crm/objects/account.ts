/** Account (客户): a company the business sells to, partners with or competes against. */
import { l, type ObjectDef, opt } from '../model.ts';
import { industryOptions, ratingOptions } from '../shared-options.ts';

export const account: ObjectDef = {
  id: 'obj_account',
  apiName: 'account',
  pluralApiName: 'accounts',
  label: l('Account', '客户'),
  pluralLabel: l('Accounts', '客户'),
  description: 'A company: customer, prospect, partner or competitor. Contacts, opportunities, cases and activities hang off it.',
  nameField: 'name',
  options: { trackHistory: true, trackedFields: ['type', 'grade', 'rating'], searchable: true },
  fields: [
    { id: 'fld_account_name', apiName: 'name', type: 'text', label: l('Account name', '客户名称'), required: true, config: { maxLength: 255 } },
    {
      id: 'fld_account_type',
      apiName: 'type',
      type: 'picklist',
      label: l('Type', '类型'),
      default: 'prospect',
      config: {
        options: [
          opt('opt_account_type_prospect', 'prospect', 'Prospect', '潜在客户', '#3b82f6'),
          opt('opt_account_type_customer', 'customer', 'Customer', '成交客户', '#10b981'),
          opt('opt_account_type_partner', 'partner', 'Partner', '合作伙伴', '#8b5cf6'),
          opt('opt_account_type_competitor', 'competitor', 'Competitor', '竞争对手', '#ef4444'),
          opt('opt_account_type_other', 'other', 'Other', '其他', '#9ca3af'),
        ],
      },
    },
    { id: 'fld_account_industry', apiName: 'industry', type: 'picklist', label: l('Industry', '行业'), default: 'other', config: { options: industryOptions('account') } },
    {
      id: 'fld_account_grade',
      apiName: 'grade',
      type: 'picklist',
      label: l('Grade', '客户等级'),
      default: 'c',
      helpText: l('A: strategic, B: key, C: regular, D: low value.', 'A：战略客户，B：重点客户，C：普通客户，D：低价值客户。'),
      config: {
        options: [
          opt('opt_account_grade_a', 'a', 'A – strategic', 'A 战略客户', '#ef4444'),
          opt('opt_account_grade_b', 'b', 'B – key', 'B 重点客户', '#f59e0b'),
          opt('opt_account_grade_c', 'c', 'C – regular', 'C 普通客户', '#3b82f6'),
          opt('opt_account_grade_d', 'd', 'D – low value', 'D 低价值客户', '#9ca3af'),
        ],
      },
    },
    { id: 'fld_account_rating', apiName: 'rating', type: 'picklist', label: l('Rating', '热度'), default: 'warm', config: { options: ratingOptions('account') } },
    {
      id: 'fld_account_parent_account',
      apiName: 'parentAccount',
      type: 'lookup',
      label: l('Parent account', '上级客户'),
      config: { target: 'obj_account', onDelete: 'setNull', relationName: 'childAccounts' },
    },
    { id: 'fld_account_website', apiName: 'website', type: 'url', label: l('Website', '网站'), config: { maxLength: 2048 } },
    { id: 'fld_account_phone', apiName: 'phone', type: 'phone', label: l('Phone', '电话'), config: { maxLength: 40 } },
    { id: 'fld_account_email', apiName: 'email', type: 'email', label: l('Email', '邮箱'), config: { maxLength: 254 } },
    { id: 'fld_account_stock_symbol', apiName: 'stockSymbol', type: 'text', label: l('Stock symbol', '股票代码'), config: { maxLength: 16 } },
    { id: 'fld_account_number_of_employees', apiName: 'numberOfEmployees', type: 'integer', label: l('Employees', '员工人数') },
    {
      id: 'fld_account_annual_revenue',
      apiName: 'annualRevenue',
      type: 'currency',
      label: l('Annual revenue', '年营业额'),
      config: { defaultCurrency: 'USD', precision: 18, scale: 2 },
    },
    {
      id: 'fld_account_revenue_per_employee',
      apiName: 'revenuePerEmployee',
      type: 'formula',
      label: l('Revenue per employee', '人均营业额'),
      config: {
        resultType: 'currency',
        expression: {
          if: [
            { and: [{ '!=': [{ var: 'annualRevenue.amount' }, null] }, { '>': [{ var: 'numberOfEmployees' }, 0] }] },
            { '/': [{ var: 'annualRevenue.amount' }, { var: 'numberOfEmployees' }] },
            null,
          ],
        },
      },
    },
    { id: 'fld_account_founded_on', apiName: 'foundedOn', type: 'date', label: l('Founded', '成立日期') },
    { id: 'fld_account_customer_since', apiName: 'customerSince', type: 'date', label: l('Customer since', '成为客户日期') },
    {
      id: 'fld_account_tags',
      apiName: 'tags',
      type: 'multiPicklist',
      label: l('Tags', '标签'),
      config: {
        options: [
          opt('opt_account_tags_enterprise', 'enterprise', 'Enterprise', '大型企业', '#1d4ed8'),
          opt('opt_account_tags_smb', 'smb', 'SMB', '中小企业', '#0ea5e9'),
          opt('opt_account_tags_strategic', 'strategic', 'Strategic', '战略合作', '#ef4444'),
          opt('opt_account_tags_channel', 'channel', 'Channel', '渠道', '#8b5cf6'),
          opt('opt_account_tags_public_sector', 'publicSector', 'Public sector', '公共部门', '#64748b'),
          opt('opt_account_tags_churn_risk', 'churnRisk', 'Churn risk', '流失风险', '#f97316'),
        ],
      },
    },
    { id: 'fld_account_billing_address', apiName: 'billingAddress', type: 'address', label: l('Billing address', '账单地址') },
    { id: 'fld_account_shipping_address', apiName: 'shippingAddress', type: 'address', label: l('Shipping address', '收货地址') },
    { id: 'fld_account_description', apiName: 'description', type: 'richText', label: l('Description', '客户简介') },
    { id: 'fld_account_is_active', apiName: 'isActive', type: 'boolean', label: l('Active', '有效'), default: true },
    { id: 'fld_account_last_activity_at', apiName: 'lastActivityAt', type: 'datetime', label: l('Last activity', '最近活动时间') },
    {
      id: 'fld_account_external_ids',
      apiName: 'externalIds',
      type: 'json',
      label: l('External ids', '外部系统编号'),
      helpText: l('Identifiers of this account in other systems (ERP, billing).', '该客户在其他系统（ERP、计费）中的编号。'),
    },
  ],
};

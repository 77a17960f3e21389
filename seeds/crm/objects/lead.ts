/** Lead (线索): a person or company that may become a customer, before qualification. */
import { l, type ObjectDef, opt } from '../model.ts';
import { industryOptions, leadSourceOptions, ratingOptions } from '../shared-options.ts';

export const lead: ObjectDef = {
  id: 'obj_lead',
  apiName: 'lead',
  pluralApiName: 'leads',
  label: l('Lead', '线索'),
  pluralLabel: l('Leads', '线索'),
  description: 'A prospective customer before qualification; qualified leads are converted into accounts, contacts and opportunities.',
  nameField: 'name',
  options: { trackHistory: true, trackedFields: ['status', 'rating'], searchable: true },
  fields: [
    { id: 'fld_lead_name', apiName: 'name', type: 'text', label: l('Name', '姓名'), required: true, config: { maxLength: 255 } },
    { id: 'fld_lead_company', apiName: 'company', type: 'text', label: l('Company', '公司'), config: { maxLength: 255 } },
    { id: 'fld_lead_title', apiName: 'title', type: 'text', label: l('Title', '职位'), config: { maxLength: 128 } },
    { id: 'fld_lead_email', apiName: 'email', type: 'email', label: l('Email', '邮箱'), indexed: true, config: { maxLength: 254 } },
    { id: 'fld_lead_phone', apiName: 'phone', type: 'phone', label: l('Phone', '电话'), config: { maxLength: 40 } },
    { id: 'fld_lead_mobile_phone', apiName: 'mobilePhone', type: 'phone', label: l('Mobile', '手机'), config: { maxLength: 40 } },
    { id: 'fld_lead_website', apiName: 'website', type: 'url', label: l('Website', '网站'), config: { maxLength: 2048 } },
    {
      id: 'fld_lead_status',
      apiName: 'status',
      type: 'picklist',
      label: l('Status', '状态'),
      default: 'new',
      config: {
        options: [
          opt('opt_lead_status_new', 'new', 'New', '新线索', '#3b82f6'),
          opt('opt_lead_status_working', 'working', 'Working', '跟进中', '#f59e0b'),
          opt('opt_lead_status_qualified', 'qualified', 'Qualified', '已确认', '#10b981'),
          opt('opt_lead_status_unqualified', 'unqualified', 'Unqualified', '无效', '#9ca3af'),
        ],
      },
    },
    { id: 'fld_lead_source', apiName: 'source', type: 'picklist', label: l('Lead source', '线索来源'), default: 'web', config: { options: leadSourceOptions('lead', 'source') } },
    { id: 'fld_lead_rating', apiName: 'rating', type: 'picklist', label: l('Rating', '评级'), default: 'warm', config: { options: ratingOptions('lead') } },
    { id: 'fld_lead_industry', apiName: 'industry', type: 'picklist', label: l('Industry', '行业'), default: 'other', config: { options: industryOptions('lead') } },
    {
      id: 'fld_lead_interests',
      apiName: 'interests',
      type: 'multiPicklist',
      label: l('Product interests', '意向产品'),
      config: {
        options: [
          opt('opt_lead_interests_crm', 'crm', 'CRM', '客户管理', '#3b82f6'),
          opt('opt_lead_interests_analytics', 'analytics', 'Analytics', '数据分析', '#8b5cf6'),
          opt('opt_lead_interests_service', 'service', 'Customer service', '客户服务', '#10b981'),
          opt('opt_lead_interests_marketing', 'marketing', 'Marketing automation', '营销自动化', '#ec4899'),
          opt('opt_lead_interests_integration', 'integration', 'Integration', '系统集成', '#f59e0b'),
        ],
      },
    },
    {
      id: 'fld_lead_score',
      apiName: 'score',
      type: 'integer',
      label: l('Lead score', '线索评分'),
      helpText: l('0 to 100; higher means more likely to buy.', '0 到 100，越高表示成交可能越大。'),
    },
    { id: 'fld_lead_number_of_employees', apiName: 'numberOfEmployees', type: 'integer', label: l('Employees', '员工人数') },
    {
      id: 'fld_lead_annual_revenue',
      apiName: 'annualRevenue',
      type: 'currency',
      label: l('Annual revenue', '年营业额'),
      config: { defaultCurrency: 'USD', precision: 18, scale: 2 },
    },
    { id: 'fld_lead_address', apiName: 'address', type: 'address', label: l('Address', '地址') },
    { id: 'fld_lead_description', apiName: 'description', type: 'longText', label: l('Description', '描述') },
    { id: 'fld_lead_email_opt_out', apiName: 'emailOptOut', type: 'boolean', label: l('Email opt-out', '拒收邮件'), default: false },
    { id: 'fld_lead_last_contacted_at', apiName: 'lastContactedAt', type: 'datetime', label: l('Last contacted', '最近联系时间') },
    { id: 'fld_lead_is_converted', apiName: 'isConverted', type: 'boolean', label: l('Converted', '已转化'), default: false },
    { id: 'fld_lead_converted_at', apiName: 'convertedAt', type: 'datetime', label: l('Converted at', '转化时间') },
    {
      id: 'fld_lead_is_hot',
      apiName: 'isHot',
      type: 'formula',
      label: l('Hot lead', '热门线索'),
      helpText: l('Rated hot, or scored 80 or more.', '评级为“热”，或评分不低于 80。'),
      config: {
        resultType: 'boolean',
        expression: { or: [{ '==': [{ var: 'rating' }, 'hot'] }, { '>=': [{ var: 'score' }, 80] }] },
      },
    },
  ],
};

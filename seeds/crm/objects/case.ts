/** Case (工单): a customer's service request, question or problem. */
import { l, type ObjectDef, opt } from '../model.ts';

// `case` is a keyword in TypeScript, so the module's export is `supportCase`; the API name is `case`.
export const supportCase: ObjectDef = {
  id: 'obj_case',
  apiName: 'case',
  pluralApiName: 'cases',
  label: l('Case', '工单'),
  pluralLabel: l('Cases', '工单'),
  description: "A customer's service request, question or problem, from first contact to resolution.",
  nameField: 'name',
  options: { trackHistory: true, trackedFields: ['status', 'priority', 'escalated'], searchable: true },
  fields: [
    { id: 'fld_case_name', apiName: 'name', type: 'text', label: l('Subject', '主题'), required: true, config: { maxLength: 255 } },
    {
      id: 'fld_case_case_number',
      apiName: 'caseNumber',
      type: 'autoNumber',
      label: l('Case number', '工单编号'),
      config: { displayFormat: 'CASE-{0000}', startAt: 1 },
    },
    {
      id: 'fld_case_status',
      apiName: 'status',
      type: 'picklist',
      label: l('Status', '状态'),
      default: 'new',
      config: {
        options: [
          opt('opt_case_status_new', 'new', 'New', '新建', '#3b82f6'),
          opt('opt_case_status_working', 'working', 'Working', '处理中', '#f59e0b'),
          opt('opt_case_status_waiting', 'waiting', 'Waiting on customer', '等待客户', '#8b5cf6'),
          opt('opt_case_status_escalated', 'escalated', 'Escalated', '已升级', '#ef4444'),
          opt('opt_case_status_closed', 'closed', 'Closed', '已关闭', '#10b981'),
        ],
      },
    },
    {
      id: 'fld_case_priority',
      apiName: 'priority',
      type: 'picklist',
      label: l('Priority', '优先级'),
      default: 'medium',
      config: {
        options: [
          opt('opt_case_priority_low', 'low', 'Low', '低', '#9ca3af'),
          opt('opt_case_priority_medium', 'medium', 'Medium', '中', '#3b82f6'),
          opt('opt_case_priority_high', 'high', 'High', '高', '#f97316'),
          opt('opt_case_priority_urgent', 'urgent', 'Urgent', '紧急', '#ef4444'),
        ],
      },
    },
    {
      id: 'fld_case_origin',
      apiName: 'origin',
      type: 'picklist',
      label: l('Origin', '来源渠道'),
      default: 'web',
      config: {
        options: [
          opt('opt_case_origin_web', 'web', 'Web', '网页', '#3b82f6'),
          opt('opt_case_origin_email', 'email', 'Email', '邮件', '#0ea5e9'),
          opt('opt_case_origin_phone', 'phone', 'Phone', '电话', '#10b981'),
          opt('opt_case_origin_wechat', 'wechat', 'WeChat', '微信', '#22c55e'),
          opt('opt_case_origin_chat', 'chat', 'Chat', '在线客服', '#8b5cf6'),
        ],
      },
    },
    {
      id: 'fld_case_type',
      apiName: 'type',
      type: 'picklist',
      label: l('Type', '类型'),
      default: 'question',
      config: {
        options: [
          opt('opt_case_type_question', 'question', 'Question', '咨询', '#3b82f6'),
          opt('opt_case_type_problem', 'problem', 'Problem', '故障', '#ef4444'),
          opt('opt_case_type_feature_request', 'featureRequest', 'Feature request', '需求建议', '#8b5cf6'),
          opt('opt_case_type_complaint', 'complaint', 'Complaint', '投诉', '#f97316'),
        ],
      },
    },
    {
      id: 'fld_case_affected_products',
      apiName: 'affectedProducts',
      type: 'multiPicklist',
      label: l('Affected products', '涉及产品'),
      config: {
        options: [
          opt('opt_case_affected_products_crm', 'crm', 'CRM', '客户管理', '#3b82f6'),
          opt('opt_case_affected_products_analytics', 'analytics', 'Analytics', '数据分析', '#8b5cf6'),
          opt('opt_case_affected_products_service', 'service', 'Customer service', '客户服务', '#10b981'),
          opt('opt_case_affected_products_marketing', 'marketing', 'Marketing automation', '营销自动化', '#ec4899'),
          opt('opt_case_affected_products_integration', 'integration', 'Integration', '系统集成', '#f59e0b'),
        ],
      },
    },
    {
      id: 'fld_case_account',
      apiName: 'account',
      type: 'lookup',
      label: l('Account', '客户'),
      config: { target: 'obj_account', onDelete: 'setNull', relationName: 'cases' },
    },
    {
      id: 'fld_case_contact',
      apiName: 'contact',
      type: 'lookup',
      label: l('Contact', '联系人'),
      config: { target: 'obj_contact', onDelete: 'setNull', relationName: 'cases' },
    },
    { id: 'fld_case_supplied_email', apiName: 'suppliedEmail', type: 'email', label: l('Web email', '提交人邮箱'), config: { maxLength: 254 } },
    { id: 'fld_case_supplied_phone', apiName: 'suppliedPhone', type: 'phone', label: l('Web phone', '提交人电话'), config: { maxLength: 40 } },
    { id: 'fld_case_escalated', apiName: 'escalated', type: 'boolean', label: l('Escalated', '已升级'), default: false },
    { id: 'fld_case_sla_due_at', apiName: 'slaDueAt', type: 'datetime', label: l('SLA due', 'SLA 截止时间') },
    { id: 'fld_case_closed_at', apiName: 'closedAt', type: 'datetime', label: l('Closed at', '关闭时间') },
    {
      id: 'fld_case_time_spent_hours',
      apiName: 'timeSpentHours',
      type: 'number',
      label: l('Time spent (hours)', '处理耗时（小时）'),
      config: { precision: 8, scale: 2 },
    },
    {
      id: 'fld_case_satisfaction',
      apiName: 'satisfaction',
      type: 'integer',
      label: l('Satisfaction (1–5)', '满意度（1–5）'),
      helpText: l("The customer's rating once the case is closed.", '工单关闭后客户给出的评分。'),
    },
    { id: 'fld_case_description', apiName: 'description', type: 'longText', label: l('Description', '问题描述') },
    { id: 'fld_case_resolution', apiName: 'resolution', type: 'richText', label: l('Resolution', '解决方案') },
  ],
};

/** Opportunity (商机): a potential deal with an account, moving through the sales pipeline. */
import { l, type ObjectDef, opt } from '../model.ts';
import { leadSourceOptions } from '../shared-options.ts';

export const opportunity: ObjectDef = {
  id: 'obj_opportunity',
  apiName: 'opportunity',
  pluralApiName: 'opportunities',
  label: l('Opportunity', '商机'),
  pluralLabel: l('Opportunities', '商机'),
  description: 'A potential deal: its amount, close date and stage in the sales pipeline.',
  nameField: 'name',
  options: { trackHistory: true, trackedFields: ['stage', 'amount', 'closeDate', 'probability', 'forecastCategory'], searchable: true },
  fields: [
    { id: 'fld_opportunity_name', apiName: 'name', type: 'text', label: l('Opportunity name', '商机名称'), required: true, config: { maxLength: 255 } },
    {
      id: 'fld_opportunity_account',
      apiName: 'account',
      type: 'lookup',
      label: l('Account', '客户'),
      config: { target: 'obj_account', onDelete: 'restrict', relationName: 'opportunities' },
    },
    {
      id: 'fld_opportunity_primary_contact',
      apiName: 'primaryContact',
      type: 'lookup',
      label: l('Primary contact', '主要联系人'),
      config: { target: 'obj_contact', onDelete: 'setNull', relationName: 'opportunities' },
    },
    {
      id: 'fld_opportunity_stage',
      apiName: 'stage',
      type: 'picklist',
      label: l('Stage', '阶段'),
      default: 'prospecting',
      config: {
        options: [
          opt('opt_opportunity_stage_prospecting', 'prospecting', 'Prospecting', '初步接洽', '#93c5fd'),
          opt('opt_opportunity_stage_qualification', 'qualification', 'Qualification', '需求确认', '#60a5fa'),
          opt('opt_opportunity_stage_proposal', 'proposal', 'Proposal', '方案报价', '#3b82f6'),
          opt('opt_opportunity_stage_negotiation', 'negotiation', 'Negotiation', '商务谈判', '#1d4ed8'),
          opt('opt_opportunity_stage_closed_won', 'closedWon', 'Closed won', '赢单', '#10b981'),
          opt('opt_opportunity_stage_closed_lost', 'closedLost', 'Closed lost', '输单', '#9ca3af'),
        ],
      },
    },
    {
      id: 'fld_opportunity_amount',
      apiName: 'amount',
      type: 'currency',
      label: l('Amount', '金额'),
      config: { defaultCurrency: 'USD', precision: 18, scale: 2 },
    },
    { id: 'fld_opportunity_close_date', apiName: 'closeDate', type: 'date', label: l('Close date', '预计成交日期'), indexed: true },
    {
      id: 'fld_opportunity_probability',
      apiName: 'probability',
      type: 'percent',
      label: l('Probability (%)', '赢率 (%)'),
      helpText: l('Chance of winning, 0 to 100. Set from the stage by default.', '赢单可能性，0 到 100，默认取自阶段。'),
      config: { precision: 5, scale: 2 },
    },
    {
      id: 'fld_opportunity_expected_revenue',
      apiName: 'expectedRevenue',
      type: 'formula',
      label: l('Expected revenue', '预期收入'),
      helpText: l('Amount × probability.', '金额 × 赢率。'),
      config: {
        resultType: 'currency',
        expression: {
          if: [
            { and: [{ '!=': [{ var: 'amount.amount' }, null] }, { '!=': [{ var: 'probability' }, null] }] },
            { '*': [{ var: 'amount.amount' }, { '/': [{ var: 'probability' }, 100] }] },
            null,
          ],
        },
      },
    },
    {
      id: 'fld_opportunity_type',
      apiName: 'type',
      type: 'picklist',
      label: l('Type', '类型'),
      default: 'newBusiness',
      config: {
        options: [
          opt('opt_opportunity_type_new_business', 'newBusiness', 'New business', '新客户', '#3b82f6'),
          opt('opt_opportunity_type_existing_business', 'existingBusiness', 'Existing business', '老客户增购', '#10b981'),
          opt('opt_opportunity_type_renewal', 'renewal', 'Renewal', '续约', '#8b5cf6'),
          opt('opt_opportunity_type_upsell', 'upsell', 'Upsell', '升级', '#f59e0b'),
        ],
      },
    },
    {
      id: 'fld_opportunity_forecast_category',
      apiName: 'forecastCategory',
      type: 'picklist',
      label: l('Forecast category', '预测类别'),
      default: 'pipeline',
      config: {
        options: [
          opt('opt_opportunity_forecast_category_pipeline', 'pipeline', 'Pipeline', '管道', '#93c5fd'),
          opt('opt_opportunity_forecast_category_best_case', 'bestCase', 'Best case', '最佳情况', '#60a5fa'),
          opt('opt_opportunity_forecast_category_commit', 'commit', 'Commit', '承诺', '#1d4ed8'),
          opt('opt_opportunity_forecast_category_closed', 'closed', 'Closed', '已关闭', '#10b981'),
          opt('opt_opportunity_forecast_category_omitted', 'omitted', 'Omitted', '不计入', '#9ca3af'),
        ],
      },
    },
    {
      id: 'fld_opportunity_lead_source',
      apiName: 'leadSource',
      type: 'picklist',
      label: l('Lead source', '来源'),
      default: 'other',
      config: { options: leadSourceOptions('opportunity', 'leadSource') },
    },
    {
      id: 'fld_opportunity_products',
      apiName: 'products',
      type: 'multiPicklist',
      label: l('Products', '产品'),
      config: {
        options: [
          opt('opt_opportunity_products_crm', 'crm', 'CRM', '客户管理', '#3b82f6'),
          opt('opt_opportunity_products_analytics', 'analytics', 'Analytics', '数据分析', '#8b5cf6'),
          opt('opt_opportunity_products_service', 'service', 'Customer service', '客户服务', '#10b981'),
          opt('opt_opportunity_products_marketing', 'marketing', 'Marketing automation', '营销自动化', '#ec4899'),
          opt('opt_opportunity_products_integration', 'integration', 'Integration', '系统集成', '#f59e0b'),
          opt('opt_opportunity_products_training', 'training', 'Training', '培训', '#14b8a6'),
        ],
      },
    },
    { id: 'fld_opportunity_next_step', apiName: 'nextStep', type: 'text', label: l('Next step', '下一步'), config: { maxLength: 255 } },
    {
      id: 'fld_opportunity_loss_reason',
      apiName: 'lossReason',
      type: 'picklist',
      label: l('Loss reason', '输单原因'),
      config: {
        options: [
          opt('opt_opportunity_loss_reason_price', 'price', 'Price', '价格', '#ef4444'),
          opt('opt_opportunity_loss_reason_competitor', 'competitor', 'Lost to competitor', '竞争对手', '#f97316'),
          opt('opt_opportunity_loss_reason_no_budget', 'noBudget', 'No budget', '无预算', '#f59e0b'),
          opt('opt_opportunity_loss_reason_no_decision', 'noDecision', 'No decision', '未决策', '#9ca3af'),
          opt('opt_opportunity_loss_reason_timing', 'timing', 'Timing', '时机不合适', '#64748b'),
          opt('opt_opportunity_loss_reason_other', 'other', 'Other', '其他', '#6b7280'),
        ],
      },
    },
    { id: 'fld_opportunity_is_private', apiName: 'isPrivate', type: 'boolean', label: l('Private', '私有'), default: false },
    { id: 'fld_opportunity_description', apiName: 'description', type: 'longText', label: l('Description', '描述') },
  ],
};

/** The default record-page layout of each CRM object: sections of fields, then related lists. */
import { type LayoutDef, l } from './model.ts';

const activityColumns = ['name', 'type', 'status', 'dueDate', 'priority'];

export const leadLayout: LayoutDef = {
  id: 'lay_lead_default',
  object: 'obj_lead',
  apiName: 'leadDefault',
  label: l('Lead layout', '线索布局'),
  isDefault: true,
  sections: [
    {
      id: 'sec_lead_default_main',
      label: l('Lead information', '线索信息'),
      columns: 2,
      fields: ['name', 'company', 'title', 'status', 'email', 'rating', 'phone', 'source', 'mobilePhone', 'industry', 'website', 'score', 'isHot'],
    },
    {
      id: 'sec_lead_default_company',
      label: l('Company details', '公司信息'),
      columns: 2,
      fields: ['numberOfEmployees', 'annualRevenue', 'interests', 'address'],
    },
    {
      id: 'sec_lead_default_follow_up',
      label: l('Follow-up', '跟进'),
      columns: 2,
      fields: ['lastContactedAt', 'emailOptOut', 'isConverted', 'convertedAt'],
      collapsed: true,
    },
    { id: 'sec_lead_default_description', label: l('Description', '描述'), columns: 1, fields: ['description'] },
  ],
  relatedLists: [{ id: 'rel_lead_default_activities', object: 'obj_activity', field: 'lead', columns: activityColumns, label: l('Activities', '活动') }],
};

export const accountLayout: LayoutDef = {
  id: 'lay_account_default',
  object: 'obj_account',
  apiName: 'accountDefault',
  label: l('Account layout', '客户布局'),
  isDefault: true,
  sections: [
    {
      id: 'sec_account_default_main',
      label: l('Account information', '客户信息'),
      columns: 2,
      fields: ['name', 'type', 'parentAccount', 'grade', 'industry', 'rating', 'website', 'phone', 'email', 'isActive', 'tags', 'customerSince'],
    },
    {
      id: 'sec_account_default_company',
      label: l('Company profile', '公司概况'),
      columns: 2,
      fields: ['numberOfEmployees', 'annualRevenue', 'revenuePerEmployee', 'foundedOn', 'stockSymbol', 'lastActivityAt'],
    },
    { id: 'sec_account_default_addresses', label: l('Addresses', '地址'), columns: 2, fields: ['billingAddress', 'shippingAddress'] },
    { id: 'sec_account_default_description', label: l('Description', '简介'), columns: 1, fields: ['description'] },
    { id: 'sec_account_default_system', label: l('Integration', '系统集成'), columns: 1, fields: ['externalIds'], collapsed: true },
  ],
  relatedLists: [
    {
      id: 'rel_account_default_contacts',
      object: 'obj_contact',
      field: 'account',
      columns: ['name', 'title', 'email', 'phone'],
      label: l('Contacts', '联系人'),
    },
    {
      id: 'rel_account_default_opportunities',
      object: 'obj_opportunity',
      field: 'account',
      columns: ['name', 'stage', 'amount', 'closeDate'],
      label: l('Opportunities', '商机'),
    },
    { id: 'rel_account_default_cases', object: 'obj_case', field: 'account', columns: ['caseNumber', 'name', 'status', 'priority'], label: l('Cases', '工单') },
    { id: 'rel_account_default_activities', object: 'obj_activity', field: 'account', columns: activityColumns, label: l('Activities', '活动') },
    {
      id: 'rel_account_default_child_accounts',
      object: 'obj_account',
      field: 'parentAccount',
      columns: ['name', 'type', 'industry'],
      label: l('Subsidiaries', '下级客户'),
    },
  ],
};

export const contactLayout: LayoutDef = {
  id: 'lay_contact_default',
  object: 'obj_contact',
  apiName: 'contactDefault',
  label: l('Contact layout', '联系人布局'),
  isDefault: true,
  sections: [
    {
      id: 'sec_contact_default_main',
      label: l('Contact information', '联系人信息'),
      columns: 2,
      fields: [
        'name',
        'account',
        'firstName',
        'lastName',
        'title',
        'department',
        'email',
        'phone',
        'mobilePhone',
        'wechatId',
        'preferredChannel',
        'leadSource',
      ],
    },
    {
      id: 'sec_contact_default_personal',
      label: l('Personal details', '个人信息'),
      columns: 2,
      fields: ['birthdate', 'linkedinUrl', 'mailingAddress', 'lastContactedAt', 'doNotCall', 'emailOptOut'],
    },
    { id: 'sec_contact_default_notes', label: l('Notes', '备注'), columns: 1, fields: ['notes'] },
  ],
  relatedLists: [
    {
      id: 'rel_contact_default_opportunities',
      object: 'obj_opportunity',
      field: 'primaryContact',
      columns: ['name', 'stage', 'amount', 'closeDate'],
      label: l('Opportunities', '商机'),
    },
    { id: 'rel_contact_default_cases', object: 'obj_case', field: 'contact', columns: ['caseNumber', 'name', 'status', 'priority'], label: l('Cases', '工单') },
    { id: 'rel_contact_default_activities', object: 'obj_activity', field: 'contact', columns: activityColumns, label: l('Activities', '活动') },
  ],
};

export const opportunityLayout: LayoutDef = {
  id: 'lay_opportunity_default',
  object: 'obj_opportunity',
  apiName: 'opportunityDefault',
  label: l('Opportunity layout', '商机布局'),
  isDefault: true,
  sections: [
    {
      id: 'sec_opportunity_default_main',
      label: l('Opportunity information', '商机信息'),
      columns: 2,
      fields: [
        'name',
        'stage',
        'account',
        'amount',
        'primaryContact',
        'closeDate',
        'type',
        'probability',
        'leadSource',
        'expectedRevenue',
        'nextStep',
        'forecastCategory',
      ],
    },
    { id: 'sec_opportunity_default_details', label: l('Details', '详细信息'), columns: 2, fields: ['products', 'lossReason', 'isPrivate'] },
    { id: 'sec_opportunity_default_description', label: l('Description', '描述'), columns: 1, fields: ['description'] },
  ],
  relatedLists: [
    { id: 'rel_opportunity_default_activities', object: 'obj_activity', field: 'opportunity', columns: activityColumns, label: l('Activities', '活动') },
  ],
};

export const activityLayout: LayoutDef = {
  id: 'lay_activity_default',
  object: 'obj_activity',
  apiName: 'activityDefault',
  label: l('Activity layout', '活动布局'),
  isDefault: true,
  sections: [
    {
      id: 'sec_activity_default_main',
      label: l('Activity information', '活动信息'),
      columns: 2,
      fields: ['name', 'type', 'status', 'priority', 'dueDate', 'completedAt', 'outcome'],
    },
    {
      id: 'sec_activity_default_schedule',
      label: l('Schedule', '时间安排'),
      columns: 2,
      fields: ['startAt', 'endAt', 'durationMinutes', 'allDay', 'location'],
    },
    {
      id: 'sec_activity_default_related',
      label: l('Related to', '关联记录'),
      columns: 2,
      fields: ['lead', 'account', 'contact', 'opportunity', 'case'],
    },
    { id: 'sec_activity_default_description', label: l('Description', '描述'), columns: 1, fields: ['description'] },
  ],
  relatedLists: [],
};

export const caseLayout: LayoutDef = {
  id: 'lay_case_default',
  object: 'obj_case',
  apiName: 'caseDefault',
  label: l('Case layout', '工单布局'),
  isDefault: true,
  sections: [
    {
      id: 'sec_case_default_main',
      label: l('Case information', '工单信息'),
      columns: 2,
      fields: ['caseNumber', 'status', 'name', 'priority', 'account', 'origin', 'contact', 'type', 'escalated', 'affectedProducts'],
    },
    {
      id: 'sec_case_default_web',
      label: l('Web submission', '网页提交信息'),
      columns: 2,
      fields: ['suppliedEmail', 'suppliedPhone'],
      collapsed: true,
    },
    {
      id: 'sec_case_default_service',
      label: l('Service level', '服务水平'),
      columns: 2,
      fields: ['slaDueAt', 'closedAt', 'timeSpentHours', 'satisfaction'],
    },
    { id: 'sec_case_default_description', label: l('Description', '问题描述'), columns: 1, fields: ['description'] },
    { id: 'sec_case_default_resolution', label: l('Resolution', '解决方案'), columns: 1, fields: ['resolution'] },
  ],
  relatedLists: [{ id: 'rel_case_default_activities', object: 'obj_activity', field: 'case', columns: activityColumns, label: l('Activities', '活动') }],
};

export const crmLayouts: LayoutDef[] = [leadLayout, accountLayout, contactLayout, opportunityLayout, activityLayout, caseLayout];

/** Contact (联系人): a person at an account. */
import { l, type ObjectDef, opt } from '../model.ts';
import { leadSourceOptions } from '../shared-options.ts';

export const contact: ObjectDef = {
  id: 'obj_contact',
  apiName: 'contact',
  pluralApiName: 'contacts',
  label: l('Contact', '联系人'),
  pluralLabel: l('Contacts', '联系人'),
  description: 'A person, usually working at an account.',
  nameField: 'name',
  options: { trackHistory: true, trackedFields: ['account', 'email', 'phone', 'title'], searchable: true },
  fields: [
    { id: 'fld_contact_name', apiName: 'name', type: 'text', label: l('Full name', '姓名'), required: true, config: { maxLength: 255 } },
    { id: 'fld_contact_first_name', apiName: 'firstName', type: 'text', label: l('First name', '名'), config: { maxLength: 100 } },
    { id: 'fld_contact_last_name', apiName: 'lastName', type: 'text', label: l('Last name', '姓'), config: { maxLength: 100 } },
    {
      id: 'fld_contact_account',
      apiName: 'account',
      type: 'lookup',
      label: l('Account', '所属客户'),
      config: { target: 'obj_account', onDelete: 'cascade', relationName: 'contacts' },
    },
    { id: 'fld_contact_title', apiName: 'title', type: 'text', label: l('Title', '职位'), config: { maxLength: 128 } },
    { id: 'fld_contact_department', apiName: 'department', type: 'text', label: l('Department', '部门'), config: { maxLength: 128 } },
    { id: 'fld_contact_email', apiName: 'email', type: 'email', label: l('Email', '邮箱'), indexed: true, config: { maxLength: 254 } },
    { id: 'fld_contact_phone', apiName: 'phone', type: 'phone', label: l('Phone', '电话'), config: { maxLength: 40 } },
    { id: 'fld_contact_mobile_phone', apiName: 'mobilePhone', type: 'phone', label: l('Mobile', '手机'), config: { maxLength: 40 } },
    { id: 'fld_contact_wechat_id', apiName: 'wechatId', type: 'text', label: l('WeChat ID', '微信号'), config: { maxLength: 64 } },
    { id: 'fld_contact_linkedin_url', apiName: 'linkedinUrl', type: 'url', label: l('LinkedIn', '领英主页'), config: { maxLength: 2048 } },
    {
      id: 'fld_contact_preferred_channel',
      apiName: 'preferredChannel',
      type: 'picklist',
      label: l('Preferred channel', '首选联系方式'),
      default: 'email',
      config: {
        options: [
          opt('opt_contact_preferred_channel_email', 'email', 'Email', '邮件', '#3b82f6'),
          opt('opt_contact_preferred_channel_phone', 'phone', 'Phone', '电话', '#10b981'),
          opt('opt_contact_preferred_channel_wechat', 'wechat', 'WeChat', '微信', '#22c55e'),
          opt('opt_contact_preferred_channel_in_person', 'inPerson', 'In person', '当面拜访', '#f59e0b'),
        ],
      },
    },
    {
      id: 'fld_contact_lead_source',
      apiName: 'leadSource',
      type: 'picklist',
      label: l('Lead source', '来源'),
      default: 'other',
      config: { options: leadSourceOptions('contact', 'leadSource') },
    },
    { id: 'fld_contact_birthdate', apiName: 'birthdate', type: 'date', label: l('Birthday', '生日') },
    { id: 'fld_contact_mailing_address', apiName: 'mailingAddress', type: 'address', label: l('Mailing address', '通讯地址') },
    { id: 'fld_contact_do_not_call', apiName: 'doNotCall', type: 'boolean', label: l('Do not call', '请勿致电'), default: false },
    { id: 'fld_contact_email_opt_out', apiName: 'emailOptOut', type: 'boolean', label: l('Email opt-out', '拒收邮件'), default: false },
    { id: 'fld_contact_last_contacted_at', apiName: 'lastContactedAt', type: 'datetime', label: l('Last contacted', '最近联系时间') },
    { id: 'fld_contact_notes', apiName: 'notes', type: 'longText', label: l('Notes', '备注') },
  ],
};

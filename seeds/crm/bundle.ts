/** The CRM app: leads, accounts, contacts, opportunities, activities and cases. */
import { crmLayouts } from './layouts.ts';
import type { MetadataBundle } from './model.ts';
import { account } from './objects/account.ts';
import { activity } from './objects/activity.ts';
import { supportCase } from './objects/case.ts';
import { contact } from './objects/contact.ts';
import { lead } from './objects/lead.ts';
import { opportunity } from './objects/opportunity.ts';
import { crmPipelines } from './pipelines.ts';
import { crmValidationRules } from './validation-rules.ts';

export const crmBundle: MetadataBundle = {
  atrium: 'metadata-bundle',
  formatVersion: 1,
  objects: [lead, account, contact, opportunity, activity, supportCase],
  layouts: crmLayouts,
  pipelines: crmPipelines,
  validationRules: crmValidationRules,
};

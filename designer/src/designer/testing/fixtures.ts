import type { MetadataBundle, ObjectDef } from '@atrium/metadata';
import { vi } from 'vitest';
import type { ChangePlan, ChangeRequest, ChangeResult, DeletedItem, DesignerApi } from '../support/api.ts';

/** A small CRM: accounts and opportunities (with a pipeline-ready stage picklist). */
export function account(): ObjectDef {
  return {
    id: 'obj_account',
    apiName: 'account',
    pluralApiName: 'accounts',
    label: { en: 'Account', 'zh-CN': '客户' },
    pluralLabel: { en: 'Accounts', 'zh-CN': '客户' },
    nameField: 'name',
    fields: [
      { id: 'fld_account_name', apiName: 'name', type: 'text', label: { en: 'Name' }, required: true },
      {
        id: 'fld_account_industry',
        apiName: 'industry',
        type: 'picklist',
        label: { en: 'Industry' },
        config: { options: [{ id: 'opt_tech', value: 'tech', label: { en: 'Technology' } }] },
      },
      { id: 'fld_account_employees', apiName: 'employees', type: 'integer', label: { en: 'Employees' } },
    ],
  };
}

export function opportunity(): ObjectDef {
  return {
    id: 'obj_opportunity',
    apiName: 'opportunity',
    pluralApiName: 'opportunities',
    label: { en: 'Opportunity', 'zh-CN': '商机' },
    pluralLabel: { en: 'Opportunities', 'zh-CN': '商机' },
    nameField: 'name',
    fields: [
      { id: 'fld_opp_name', apiName: 'name', type: 'text', label: { en: 'Name' }, required: true },
      { id: 'fld_opp_amount', apiName: 'amount', type: 'currency', label: { en: 'Amount' } },
      { id: 'fld_opp_close', apiName: 'closeDate', type: 'date', label: { en: 'Close date' } },
      {
        id: 'fld_opp_stage',
        apiName: 'stage',
        type: 'picklist',
        label: { en: 'Stage' },
        config: {
          options: [
            { id: 'opt_prospecting', value: 'prospecting', label: { en: 'Prospecting' } },
            { id: 'opt_proposal', value: 'proposal', label: { en: 'Proposal' } },
            { id: 'opt_won', value: 'closedWon', label: { en: 'Closed won' } },
            { id: 'opt_lost', value: 'closedLost', label: { en: 'Closed lost' } },
          ],
        },
      },
      { id: 'fld_opp_account', apiName: 'account', type: 'lookup', label: { en: 'Account' }, config: { target: 'obj_account', onDelete: 'setNull' } },
      { id: 'fld_opp_probability', apiName: 'probability', type: 'percent', label: { en: 'Probability' } },
      { id: 'fld_opp_notes', apiName: 'notes', type: 'longText', label: { en: 'Notes' } },
    ],
  };
}

export function bundle(): MetadataBundle {
  return {
    atrium: 'metadata-bundle',
    formatVersion: 1,
    objects: [account(), opportunity()],
    layouts: [
      {
        id: 'lay_opp',
        object: 'obj_opportunity',
        apiName: 'opportunityDefault',
        label: { en: 'Opportunity layout' },
        isDefault: true,
        sections: [
          { id: 'sec_main', label: { en: 'Main' }, columns: 2, fields: ['name', 'amount', 'stage', 'closeDate'] },
          { id: 'sec_more', label: { en: 'More' }, columns: 1, fields: ['account', 'notes'] },
        ],
        relatedLists: [],
      },
    ],
    pipelines: [],
    validationRules: [],
  };
}

export function plan(overrides: Partial<ChangePlan> = {}): ChangePlan {
  return {
    baseVersion: 7,
    version: 8,
    steps: [{ action: 'addField', object: 'opportunity', field: 'x', description: 'add column', destructive: false, rowsAffected: 0 }],
    ddl: ['alter table "t_acme"."opportunity" add column "x" text'],
    jobs: [],
    destructive: false,
    rowsAffected: 0,
    summary: 'A summary of the change',
    ...overrides,
  };
}

/** A fake DesignerApi: the metadata snapshot, and a changeMetadata answering with `planFor(request)`. */
export function fakeApi(
  options: {
    snapshot?: { version: number; bundle: MetadataBundle };
    planFor?: (request: ChangeRequest) => ChangePlan;
    changeError?: (request: ChangeRequest) => unknown;
    deleted?: DeletedItem[];
  } = {},
) {
  const snapshot = options.snapshot ?? { version: 7, bundle: bundle() };
  const changeMetadata = vi.fn(async (request: ChangeRequest): Promise<ChangeResult> => {
    const error = options.changeError?.(request);
    if (error) throw error;
    const p = options.planFor?.(request) ?? plan();
    return { plan: p, applied: request.dryRun !== true, version: request.dryRun ? snapshot.version : snapshot.version + 1 };
  });
  const notImplemented = () => Promise.reject(new Error('not in this test'));
  const api: DesignerApi = {
    getMetadata: vi.fn(async () => snapshot),
    changeMetadata,
    listJobs: vi.fn(async () => []),
    listDeleted: vi.fn(async () => options.deleted ?? []),
    admin: {
      listRoles: vi.fn(async () => []),
      createRole: notImplemented,
      assignRole: notImplemented,
      listPermissionSets: vi.fn(async () => []),
      createPermissionSet: notImplemented,
      updatePermissionSet: notImplemented,
      getPrincipal: notImplemented,
      assignPermissionSet: notImplemented,
      unassignPermissionSet: notImplemented,
      getSharing: vi.fn(async () => 'publicReadWrite' as const),
      setSharing: notImplemented,
      listSharingRules: vi.fn(async () => []),
      createSharingRule: notImplemented,
      deleteSharingRule: notImplemented,
    },
    users: {
      list: vi.fn(async () => []),
      add: notImplemented,
      update: notImplemented,
      deactivate: notImplemented,
      reactivate: notImplemented,
      resetPassword: notImplemented,
      remove: notImplemented,
    },
    apiKeys: {
      list: vi.fn(async () => []),
      create: notImplemented,
      update: notImplemented,
      revoke: notImplemented,
    },
  };
  return { api, changeMetadata, snapshot };
}

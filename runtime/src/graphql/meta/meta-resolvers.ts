import { AtriumError, type ErrorDetail, isAtriumError } from '@atrium/errors';
import type { FieldDef, LayoutDef, MetadataOperation, ObjectDef, PipelineDef, ValidationRuleDef } from '@atrium/metadata';
import { BUILT_IN, type ChangePlan, liveView, type MetadataChangeResult, type SetAsideElement, setAsideElements } from '@atrium/platform';
import type { GraphQLFieldResolver } from 'graphql';
import {
  AccessAdministration,
  type AdministrationServices,
  type InputPaths,
  type PermissionSetBody,
  type PermissionSetView,
  type RoleView,
} from '../../admin/access-administration.ts';
import { type ApiKeyView, createTenantApiKey, getTenantApiKey, listTenantApiKeys, revokeTenantApiKey, updateTenantApiKey } from '../../admin/api-key-admin.ts';
import {
  applyMetadataChanges,
  applyMetadataOperation,
  findJob,
  type JobView,
  listJobs,
  listRevisions,
  metadataSnapshot,
  type RevisionView,
  requireMetadataReader,
  requireMetadataWriter,
} from '../../admin/metadata-administration.ts';
import { type AdminScope, adminScope } from '../../admin/principal-access.ts';
import {
  addMember,
  deactivateMember,
  getMember,
  listMembers,
  type MemberView,
  reactivateMember,
  removeMember,
  resetMemberPassword,
  updateMember,
} from '../../admin/user-admin.ts';
import type { CredentialCache } from '../../auth/credential-cache.ts';
import type { Principal } from '../../auth/principal.ts';
import { buildTenantModel } from '../../model/tenant-model.ts';
import { check as userAdminChecks } from '../../rest/user-admin-routes.ts';

/** What every resolver of `/graphql/meta` gets: the caller, and what the request has read so far. */
export interface MetaContext {
  services: AdministrationServices;
  principal: Principal;
  /** The process's credential cache: changes that end sessions or revoke keys drop them here at once. */
  credentials?: CredentialCache;
  /** Reads shared by the resolvers of one request (dropped after each mutation). */
  memo: Map<string, Promise<unknown>>;
}

type Resolver = GraphQLFieldResolver<unknown, MetaContext>;
type Args = Record<string, unknown>;

function memo<T>(context: MetaContext, key: string, load: () => Promise<T>): Promise<T> {
  let value = context.memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    context.memo.set(key, value);
  }
  return value;
}

/** The caller's access administration: FORBIDDEN without manageUsers. */
function administration(context: MetaContext): Promise<AccessAdministration> {
  return memo(context, 'administration', async () => {
    const { principal, services } = context;
    const runtime = await services.registry.get(principal.tenantKey, principal.tenantId);
    return AccessAdministration.open(services, principal, runtime.model);
  });
}

/**
 * Runs a mutation; what the request read before is stale afterwards. A metadata change also
 * outdates the model access administration names objects and fields by, for the mutations after
 * it in the same document.
 */
async function mutation<T>(context: MetaContext, work: () => Promise<T>, changesMetadata = false): Promise<T> {
  try {
    return await work();
  } finally {
    for (const key of [...context.memo.keys()]) if (changesMetadata || key !== 'administration') context.memo.delete(key);
  }
}

/** An input object's members without the nulls GraphQL passes for "not given" (JSON values inside stay as they are). */
function given<T extends object>(input: T | null | undefined): T {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([, value]) => value !== null && value !== undefined)) as T;
}

/** Problem paths of the service's input (`/name`) rebased under the GraphQL argument holding it (`/input/name`). */
function under(error: unknown, prefix: string, known: ReadonlyMap<string, string> = new Map()): unknown {
  if (!isAtriumError(error) || error.details.length === 0) return error;
  let message = error.message;
  const details: ErrorDetail[] = error.details.map((detail) => {
    const path = known.get(detail.path) ?? `${prefix}${detail.path === '/' ? '' : detail.path}`;
    // Messages that list the paths ("names unknown objects or fields: /objects/nope") list the new ones.
    if (detail.path !== '/') message = message.replace(detail.path, path);
    return { ...detail, path };
  });
  return new AtriumError(error.code, message, details);
}

async function rebasing<T>(prefix: string, work: () => Promise<T>, known?: ReadonlyMap<string, string>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw under(error, prefix, known);
  }
}

// Metadata ---------------------------------------------------------------------------------------

interface MetadataView {
  version: number;
  objects: ReturnType<typeof objectView>[];
  layouts: ReturnType<typeof layoutView>[];
  pipelines: ReturnType<typeof pipelineView>[];
  validationRules: ReturnType<typeof ruleView>[];
  deleted: SetAsideElement[];
  bundle: unknown;
}

function metadataView(context: MetaContext): Promise<MetadataView> {
  return memo(context, 'metadata', async () => {
    const { principal, services } = context;
    requireMetadataReader(principal);
    const snapshot = await metadataSnapshot(services.database, principal);
    const live = liveView(snapshot.stored);
    const model = buildTenantModel(
      { tenantId: principal.tenantId, tenantKey: principal.tenantKey, schema: principal.schemaName, version: snapshot.version, timeZone: 'UTC', weekStart: 1 },
      live,
    );
    const names = new Map(live.objects.map((o) => [o.id, o.apiName]));
    const nameOf = (id: string) => names.get(id) ?? id;
    const layouts = live.layouts.map((l) => layoutView(l, nameOf));
    const pipelines = live.pipelines.map((p) => pipelineView(p, nameOf));
    const validationRules = live.validationRules.map((r) => ruleView(r, nameOf));
    const objects = live.objects.map((def) => {
      const relations = [...(model.objects.get(def.apiName)?.relations.values() ?? [])].map((relation) => {
        const ownField = relation.kind === 'toOne' || (relation.kind === 'manyToMany' && relation.sourceColumn === 'source_id');
        const field = relation.field;
        return {
          name: relation.name,
          kind: relation.kind,
          target: relation.target,
          field: field.apiName,
          fieldObject: ownField ? def.apiName : relation.target,
          onDelete: field.type === 'masterDetail' ? 'cascade' : field.type === 'lookup' ? (field.config?.onDelete ?? 'setNull') : null,
        };
      });
      return objectView(def, nameOf, {
        relations,
        layouts: layouts.filter((l) => l.objectId === def.id),
        pipelines: pipelines.filter((p) => p.objectId === def.id),
        validationRules: validationRules.filter((r) => r.objectId === def.id),
      });
    });
    return { version: snapshot.version, objects, layouts, pipelines, validationRules, deleted: setAsideElements(snapshot.stored), bundle: snapshot.bundle };
  });
}

function objectView(
  def: ObjectDef,
  nameOf: (id: string) => string,
  related: { relations: unknown[]; layouts: unknown[]; pipelines: unknown[]; validationRules: unknown[] },
) {
  return {
    id: def.id,
    apiName: def.apiName,
    pluralApiName: def.pluralApiName,
    label: def.label,
    pluralLabel: def.pluralLabel,
    description: def.description ?? null,
    nameField: def.nameField,
    options: {
      trackHistory: def.options?.trackHistory === true,
      trackedFields: def.options?.trackedFields ?? null,
      searchable: def.options?.searchable === true,
    },
    fields: def.fields.map((f) => fieldView(f, nameOf)),
    ...related,
  };
}

function fieldView(field: FieldDef, nameOf: (id: string) => string) {
  return {
    id: field.id,
    apiName: field.apiName,
    type: field.type,
    label: field.label,
    description: field.description ?? null,
    helpText: field.helpText ?? null,
    required: field.required === true,
    unique: field.unique === true,
    indexed: field.indexed === true,
    default: field.default ?? null,
    config: field.config ?? null,
    options: field.config?.options?.map((o) => ({ ...o, color: o.color ?? null, inactive: o.inactive === true })) ?? null,
    target: field.config?.target ? nameOf(field.config.target) : null,
    state: field.state ?? 'active',
    conversion: field.conversion ? { fromType: field.conversion.fromType, toType: field.conversion.toType, jobId: field.conversion.jobId ?? null } : null,
  };
}

function layoutView(layout: LayoutDef, nameOf: (id: string) => string) {
  return {
    id: layout.id,
    object: nameOf(layout.object),
    objectId: layout.object,
    apiName: layout.apiName,
    label: layout.label,
    isDefault: layout.isDefault === true,
    sections: layout.sections.map((s) => ({ ...s, collapsed: s.collapsed === true })),
    relatedLists: layout.relatedLists.map((r) => ({ ...r, object: nameOf(r.object), objectId: r.object, label: r.label ?? null })),
  };
}

function pipelineView(pipeline: PipelineDef, nameOf: (id: string) => string) {
  return {
    id: pipeline.id,
    object: nameOf(pipeline.object),
    objectId: pipeline.object,
    apiName: pipeline.apiName,
    label: pipeline.label,
    field: pipeline.field,
    isDefault: pipeline.isDefault === true,
    appliesWhen: pipeline.appliesWhen ?? null,
    stages: pipeline.stages.map((s) => ({ ...s, entryCondition: s.entryCondition ?? null, entryMessage: s.entryMessage ?? null })),
  };
}

function ruleView(rule: ValidationRuleDef, nameOf: (id: string) => string) {
  return {
    id: rule.id,
    object: nameOf(rule.object),
    objectId: rule.object,
    apiName: rule.apiName,
    description: rule.description ?? null,
    condition: rule.condition,
    errorMessage: rule.errorMessage,
    field: rule.field ?? null,
    active: rule.active !== false,
  };
}

function planView(plan: ChangePlan) {
  return {
    ...plan,
    steps: plan.steps.map((s) => ({ ...s, field: s.field ?? null })),
    jobs: plan.jobs.map((j) => ({ id: null, ...j, runAt: j.runAt ?? null })),
  };
}

function changeResultView(result: MetadataChangeResult) {
  return {
    applied: result.applied,
    version: result.version,
    plan: planView(result.plan),
    jobs: result.jobs.map((j) => ({ ...j, runAt: j.runAt ?? null })),
  };
}

function revisionView(revision: RevisionView) {
  return { ...revision, plan: planView(revision.plan) };
}

function jobView(job: JobView) {
  return { ...job, progress: job.total > 0 ? Math.min(1, job.done / job.total) : null };
}

// Access administration --------------------------------------------------------------------------

function roles(context: MetaContext): Promise<RoleView[]> {
  return memo(context, 'roles', async () => (await administration(context)).roles());
}

function permissionSetView(set: PermissionSetView) {
  return {
    ...set,
    objects: Object.entries(set.objects).map(([object, grant]) => ({
      object,
      create: grant.create === true,
      read: grant.read === true,
      update: grant.update === true,
      delete: grant.delete === true,
      viewAll: grant.viewAll === true,
      modifyAll: grant.modifyAll === true,
    })),
    fields: Object.entries(set.fields).flatMap(([object, byField]) => Object.entries(byField).map(([field, access]) => ({ object, field, access }))),
  };
}

interface PermissionSetInputArgs {
  name: string;
  description?: string | null;
  objects?: Array<{ object: string } & Record<string, boolean | string | null>> | null;
  fields?: Array<{ object: string; field: string; access: 'read' | 'edit' }> | null;
  system?: string[] | null;
}

/**
 * A permission set input (lists of grants) as the service takes it (maps by API name), and where
 * each name came from in the input, to point problems at the list entry (`/input/fields/3/field`).
 */
function permissionSetBody(input: PermissionSetInputArgs): { body: PermissionSetBody; known: Map<string, string> } {
  const known = new Map<string, string>();
  const problems: ErrorDetail[] = [];
  const objects: PermissionSetBody['objects'] = {};
  (input.objects ?? []).forEach(({ object, ...grant }, i) => {
    if (Object.hasOwn(objects, object))
      problems.push({ path: `/input/objects/${i}/object`, code: 'DUPLICATE', message: `"${object}" is granted twice; name each object once` });
    objects[object] = given(grant) as Record<string, boolean>;
    known.set(`/objects/${object}`, `/input/objects/${i}/object`);
  });
  const fields: NonNullable<PermissionSetBody['fields']> = {};
  (input.fields ?? []).forEach(({ object, field, access }, i) => {
    const byField = fields[object] ?? {};
    fields[object] = byField;
    if (Object.hasOwn(byField, field))
      problems.push({ path: `/input/fields/${i}/field`, code: 'DUPLICATE', message: `"${object}.${field}" is granted twice; name each field once` });
    byField[field] = access;
    if (!known.has(`/fields/${object}`)) known.set(`/fields/${object}`, `/input/fields/${i}/object`);
    known.set(`/fields/${object}/${field}`, `/input/fields/${i}/field`);
  });
  if (problems.length)
    throw new AtriumError('VALIDATION_FAILED', `the permission set names something twice: ${problems.map((p) => p.path).join(', ')}`, problems);
  const body: PermissionSetBody = {
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.objects ? { objects } : {}),
    ...(input.fields ? { fields } : {}),
    ...(input.system ? { system: input.system } : {}),
  };
  return { body, known };
}

const INPUT: InputPaths = { input: '', describe: 'the input' };

async function principalView(context: MetaContext, principalId: string, paths: InputPaths = { principalId: '/principalId' }) {
  return (await administration(context)).principalAccess(principalId, paths);
}

// Users and API keys -----------------------------------------------------------------------------

/** The caller as an administrator of its tenant's users and keys (manageUsers, checked by `administration`). */
async function userAdmin(context: MetaContext): Promise<AdminScope> {
  await administration(context);
  const { principal, services, credentials } = context;
  return adminScope(principal, {
    forgetCredentials: (hashes) => {
      for (const hash of hashes) {
        credentials?.forgetSession(hash);
        credentials?.forgetKey(hash);
      }
    },
    forgetAccess: () => services.registry.forgetAccess(principal.tenantId),
  });
}

/**
 * The user and key administration's problems at the GraphQL arguments: the id it names
 * `/params/id` is the `id` argument, body members are under `/input`, query parameters are the
 * field's arguments; "the body" is "the input".
 */
async function asArguments<T>(work: () => Promise<T>, input = '/input', parameters: Record<string, string> = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isAtriumError(error)) throw error;
    const details = error.details.map((detail) => {
      const path =
        detail.path === '/params/id'
          ? '/id'
          : detail.path.startsWith('/query/')
            ? (parameters[detail.path] ?? detail.path.slice('/query'.length))
            : `${input}${detail.path === '/' ? '' : detail.path}`;
      return { ...detail, path };
    });
    throw new AtriumError(error.code, error.message.replace(/^the body\b/, 'the input'), details);
  }
}

/** Members of a user or key input without GraphQL's "not given" nulls, except `roleId`, where null takes the role away. */
function accessInput(input: Args): Args {
  return Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== undefined && (value !== null || key === 'roleId')));
}

function memberView(member: MemberView) {
  return { ...member, roleId: member.role?.id ?? null };
}

function apiKeyView(key: ApiKeyView) {
  return { ...key, roleId: key.role?.id ?? null };
}

/** NOT_FOUND as null: a query for one unknown (or another tenant's) user or key. */
async function orNull<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (isAtriumError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

// Resolvers --------------------------------------------------------------------------------------

const Query: Record<string, Resolver> = {
  metadata: (_root, _args, context) => metadataView(context),
  revisions: async (_root, args: Args, context) => {
    const rows = await listRevisions(
      context.services,
      context.principal,
      { limit: args.first as number, ...(typeof args.before === 'number' ? { before: args.before } : {}) },
      { limit: '/first' },
    );
    return rows.map(revisionView);
  },
  revision: async (_root, args: Args, context) => {
    const [row] = await listRevisions(context.services, context.principal, { limit: 1, version: args.version as number });
    return row ? revisionView(row) : null;
  },
  jobs: async (_root, args: Args, context) => {
    requireMetadataReader(context.principal);
    const rows = await listJobs(
      context.services.database,
      context.principal,
      { ...(args.status ? { status: args.status as string } : {}), limit: args.first as number },
      { input: '', limit: '/first' },
    );
    return rows.map(jobView);
  },
  job: async (_root, args: Args, context) => {
    requireMetadataReader(context.principal);
    const job = await findJob(context.services.database, context.principal, String(args.id));
    return job ? jobView(job) : null;
  },

  roles: (_root, _args, context) => roles(context),
  role: async (_root, args: Args, context) => (await roles(context)).find((r) => r.id === args.id) ?? null,
  roleTree: async (_root, _args, context) => (await roles(context)).find((r) => r.id === BUILT_IN.companyRole),
  permissionSets: async (_root, _args, context) => (await (await administration(context)).permissionSets()).map(permissionSetView),
  permissionSet: async (_root, args: Args, context) => {
    const set = await (await administration(context)).findPermissionSet(String(args.id));
    return set ? permissionSetView(set) : null;
  },
  principal: async (_root, args: Args, context) => {
    const admin = await administration(context);
    const id = String(args.id);
    return (await admin.principalExists(id)) ? admin.principalAccess(id) : null;
  },
  orgWideDefaults: async (_root, _args, context) => (await administration(context)).orgWideDefaults(),
  orgWideDefault: async (_root, args: Args, context) => (await administration(context)).orgWideDefault(String(args.object), { object: '/object' }),
  sharingRules: async (_root, args: Args, context) =>
    (await administration(context)).sharingRules((args.object as string | null) ?? undefined, { object: '/object' }),
  recordShares: async (_root, args: Args, context) =>
    (await administration(context)).recordShares(String(args.object), String(args.recordId), { object: '/object', recordId: '/recordId' }),

  users: async (_root, args: Args, context) => {
    const scope = await userAdmin(context);
    const query = given({ search: args.search, status: args.status, limit: args.first, offset: args.offset });
    const page = await asArguments(() => listMembers(context.services.database.db, scope, userAdminChecks.memberQuery(query)), '', {
      '/query/limit': '/first',
    });
    return { total: page.total, nodes: page.data.map(memberView) };
  },
  user: async (_root, args: Args, context) => {
    const scope = await userAdmin(context);
    const member = await orNull(() => getMember(context.services.database.db, scope, String(args.id)));
    return member && memberView(member);
  },
  apiKeys: async (_root, args: Args, context) => {
    const scope = await userAdmin(context);
    const keys = await asArguments(() => listTenantApiKeys(context.services.database.db, scope, userAdminChecks.keyQuery(given({ status: args.status }))), '');
    return keys.map(apiKeyView);
  },
  apiKey: async (_root, args: Args, context) => {
    const scope = await userAdmin(context);
    const key = await orNull(() => getTenantApiKey(context.services.database.db, scope, String(args.id)));
    return key && apiKeyView(key);
  },
};

/** The metadata mutations: manageMetadata, then one change (or a dry run) through the metadata service. */
function metadataMutation(operation: (args: Args) => MetadataOperation): Resolver {
  return (_root, args: Args, context) =>
    mutation(
      context,
      async () => {
        await requireMetadataWriter(context.services, context.principal);
        const result = await applyMetadataOperation(context.services, context.principal, {
          baseVersion: args.baseVersion as number,
          operation: operation(args),
          dryRun: args.dryRun === true,
        });
        return changeResultView(result);
      },
      true,
    );
}

const Mutation: Record<string, Resolver> = {
  applyMetadataChanges: (_root, args: Args, context) =>
    mutation(
      context,
      async () => {
        await requireMetadataWriter(context.services, context.principal);
        const result = await applyMetadataChanges(context.services, context.principal, {
          baseVersion: args.baseVersion,
          operations: args.operations,
          ...(args.dryRun === true ? { dryRun: true } : {}),
        });
        return changeResultView(result);
      },
      true,
    ),
  createObject: metadataMutation((args) => {
    const object = given(args.object as Args);
    if (object.options) object.options = given(object.options as Args);
    if (Array.isArray(object.fields)) object.fields = object.fields.map((f) => given(f as Args));
    return { op: 'createObject', object: object as unknown as ObjectDef };
  }),
  addField: metadataMutation((args) => ({ op: 'addField', object: String(args.object), field: given(args.field as Args) as unknown as FieldDef })),
  updateField: metadataMutation((args) => ({
    op: 'updateField',
    object: String(args.object),
    field: String(args.field),
    changes: { ...(args.changes as Args) },
  })),
  deleteField: metadataMutation((args) => ({ op: 'deleteField', object: String(args.object), field: String(args.field) })),

  createRole: (_root, args: Args, context) =>
    mutation(context, async () => (await administration(context)).createRole(given(args.input as Args), { input: '/input' })),
  updateRole: (_root, args: Args, context) =>
    mutation(context, async () => (await administration(context)).updateRole(String(args.id), given(args.input as Args), { input: '/input', id: '/id' })),
  deleteRole: (_root, args: Args, context) =>
    mutation(context, async () => {
      await (await administration(context)).deleteRole(String(args.id), { id: '/id' });
      return true;
    }),
  assignRole: (_root, args: Args, context) =>
    mutation(context, async () => {
      const admin = await administration(context);
      await admin.assignRole(String(args.principalId), { roleId: args.roleId }, { ...INPUT, principalId: '/principalId' });
      return principalView(context, String(args.principalId));
    }),
  unassignRole: (_root, args: Args, context) =>
    mutation(context, async () => {
      await (await administration(context)).unassignRole(String(args.principalId), { principalId: '/principalId' });
      return principalView(context, String(args.principalId));
    }),
  createPermissionSet: (_root, args: Args, context) =>
    mutation(context, async () => {
      const admin = await administration(context);
      const { body, known } = permissionSetBody(args.input as PermissionSetInputArgs);
      return permissionSetView(await rebasing('/input', () => admin.createPermissionSet(body, INPUT), known));
    }),
  updatePermissionSet: (_root, args: Args, context) =>
    mutation(context, async () => {
      const admin = await administration(context);
      const id = String(args.id);
      // An unknown id is NOT_FOUND at /id before the input is looked at, as in REST.
      await admin.permissionSet(id, { id: '/id' });
      const { body, known } = permissionSetBody(args.input as PermissionSetInputArgs);
      return permissionSetView(
        await rebasing('/input', () => admin.updatePermissionSet(id, body, { ...INPUT, id: '/id' }), new Map([...known, ['/id', '/id']])),
      );
    }),
  assignPermissionSet: (_root, args: Args, context) =>
    mutation(context, async () => {
      await (await administration(context)).assignPermissionSet(String(args.principalId), String(args.permissionSetId), {
        principalId: '/principalId',
        setId: '/permissionSetId',
      });
      return principalView(context, String(args.principalId));
    }),
  unassignPermissionSet: (_root, args: Args, context) =>
    mutation(context, async () => {
      await (await administration(context)).unassignPermissionSet(String(args.principalId), String(args.permissionSetId), {
        principalId: '/principalId',
        setId: '/permissionSetId',
      });
      return principalView(context, String(args.principalId));
    }),
  setOrgWideDefault: (_root, args: Args, context) =>
    mutation(context, async () =>
      (await administration(context)).setOrgWideDefault(String(args.object), { sharing: args.sharing }, { ...INPUT, object: '/object' }),
    ),
  createSharingRule: (_root, args: Args, context) =>
    mutation(context, async () => (await administration(context)).createSharingRule(given(args.input as Args), { input: '/input' })),
  deleteSharingRule: (_root, args: Args, context) =>
    mutation(context, async () => {
      await (await administration(context)).deleteSharingRule(String(args.id), { id: '/id' });
      return true;
    }),
  shareRecord: (_root, args: Args, context) =>
    mutation(context, async () => {
      const admin = await administration(context);
      const share = await admin.shareRecord(given(args.input as Args), { input: '/input' });
      const stored = await admin.recordShares(share.object, share.recordId);
      return stored.find((s) => s.granteeId === share.granteeId) ?? { ...share, createdBy: null, createdAt: null };
    }),
  unshareRecord: (_root, args: Args, context) =>
    mutation(context, async () => {
      await (await administration(context)).unshareRecord({ object: args.object, recordId: args.recordId, granteeId: args.granteeId }, INPUT);
      return true;
    }),

  addUser: (_root, args: Args, context) =>
    mutation(context, async () => {
      const scope = await userAdmin(context);
      const { member, created } = await asArguments(() =>
        addMember(context.services.database.db, scope, userAdminChecks.newMember(accessInput(args.input as Args))),
      );
      return { member: memberView(member), created };
    }),
  updateUser: (_root, args: Args, context) =>
    mutation(context, async () => {
      const scope = await userAdmin(context);
      return memberView(
        await asArguments(() =>
          updateMember(context.services.database.db, scope, String(args.id), userAdminChecks.memberChange(accessInput(args.input as Args))),
        ),
      );
    }),
  deactivateUser: (_root, args: Args, context) =>
    mutation(context, async () =>
      memberView(await asArguments(async () => deactivateMember(context.services.database.db, await userAdmin(context), String(args.id)))),
    ),
  reactivateUser: (_root, args: Args, context) =>
    mutation(context, async () =>
      memberView(await asArguments(async () => reactivateMember(context.services.database.db, await userAdmin(context), String(args.id)))),
    ),
  resetUserPassword: (_root, args: Args, context) =>
    mutation(context, async () => {
      const scope = await userAdmin(context);
      return memberView(
        await asArguments(
          () => resetMemberPassword(context.services.database.db, scope, String(args.id), userAdminChecks.passwordReset({ password: args.password }).password),
          '',
        ),
      );
    }),
  removeUser: (_root, args: Args, context) =>
    mutation(context, async () => {
      const scope = await userAdmin(context);
      await asArguments(() => removeMember(context.services.database.db, scope, String(args.id)));
      return true;
    }),
  createApiKey: (_root, args: Args, context) =>
    mutation(context, async () => {
      const scope = await userAdmin(context);
      const { token, ...key } = await asArguments(() =>
        createTenantApiKey(context.services.database.db, scope, userAdminChecks.newKey(accessInput(args.input as Args))),
      );
      return { token, apiKey: apiKeyView(key) };
    }),
  updateApiKey: (_root, args: Args, context) =>
    mutation(context, async () => {
      const scope = await userAdmin(context);
      return apiKeyView(
        await asArguments(() =>
          updateTenantApiKey(context.services.database.db, scope, String(args.id), userAdminChecks.keyChange(accessInput(args.input as Args))),
        ),
      );
    }),
  revokeApiKey: (_root, args: Args, context) =>
    mutation(context, async () =>
      apiKeyView(await asArguments(async () => revokeTenantApiKey(context.services.database.db, await userAdmin(context), String(args.id)))),
    ),
};

/** The role of a principal, member or key (its `roleId`). */
const roleOf: Resolver = async (parent, _args, context) => {
  const { roleId } = parent as { roleId: string | null };
  return roleId ? ((await roles(context)).find((r) => r.id === roleId) ?? null) : null;
};

/** The permission sets of a principal, member or key (its `permissionSetIds`). */
const permissionSetsOf: Resolver = async (parent, _args, context) => {
  const admin = await administration(context);
  const sets = await Promise.all((parent as { permissionSetIds: string[] }).permissionSetIds.map((id) => admin.findPermissionSet(id)));
  return sets.filter((s): s is PermissionSetView => s !== undefined).map(permissionSetView);
};

/** Resolvers of fields that are not a plain member of their parent. */
const types: Record<string, Record<string, Resolver>> = {
  Metadata: {
    object: (parent, args: Args) => {
      const objects = (parent as MetadataView).objects;
      const name = String(args.name);
      return objects.find((o) => o.apiName === name) ?? objects.find((o) => o.id === name) ?? null;
    },
  },
  MetaObject: {
    field: (parent, args: Args) => {
      const fields = (parent as ReturnType<typeof objectView>).fields;
      const name = String(args.name);
      return fields.find((f) => f.apiName === name) ?? fields.find((f) => f.id === name) ?? null;
    },
  },
  Role: {
    parent: async (parent, _args, context) => {
      const { parentId } = parent as RoleView;
      return parentId ? ((await roles(context)).find((r) => r.id === parentId) ?? null) : null;
    },
    children: async (parent, _args, context) => (await roles(context)).filter((r) => r.parentId === (parent as RoleView).id),
    builtIn: (parent) => (parent as RoleView).id === BUILT_IN.companyRole,
    holderIds: async (parent, _args, context) => {
      const holders = await memo(context, 'holders', async () => (await administration(context)).roleHolders());
      return holders.get((parent as RoleView).id) ?? [];
    },
  },
  PermissionSet: {
    assigneeIds: async (parent, _args, context) => {
      const assignees = await memo(context, 'assignees', async () => (await administration(context)).permissionSetAssignees());
      return assignees.get((parent as PermissionSetView).id) ?? [];
    },
  },
  PrincipalAccess: {
    role: roleOf,
    permissionSets: permissionSetsOf,
  },
  Member: {
    role: roleOf,
    permissionSets: permissionSetsOf,
  },
  ApiKey: {
    role: roleOf,
    permissionSets: permissionSetsOf,
  },
  SharingRule: {
    role: async (parent, _args, context) => (await roles(context)).find((r) => r.id === (parent as { roleId: string }).roleId) ?? null,
  },
};

/** The resolvers of `/graphql/meta` by type and field. */
export const metaResolvers: Record<string, Record<string, Resolver>> = { Query, Mutation, ...types };

import { ALL_SYSTEM_PERMISSIONS, type JsonLogic, type Labels, type MetadataBundle, type MetadataOperation } from '@atrium/metadata';

/**
 * What the designer asks of the server. Every screen goes through this interface, so the
 * transport (the shell's AtriumClient, plain fetch, a fake in tests) is swapped in one place.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Sends one request and returns the parsed JSON body; answers outside 2xx throw (see `apiErrorOf`). */
export type RequestFn = (method: HttpMethod, path: string, body?: unknown) => Promise<unknown>;

export type PlanAction =
  | 'createObject'
  | 'updateObject'
  | 'renameObject'
  | 'deleteObject'
  | 'restoreObject'
  | 'addField'
  | 'updateField'
  | 'renameField'
  | 'changeFieldType'
  | 'deleteField'
  | 'restoreField'
  | string;

export interface PlanStep {
  action: PlanAction;
  object: string;
  field?: string;
  description: string;
  destructive: boolean;
  rowsAffected: number;
}

export interface PlannedJob {
  task: string;
  description: string;
  runAt?: string;
  payload?: unknown;
}

/** The plan of a metadata change (platform `ChangePlan`), as `POST /api/v1/meta/changes` answers it. */
export interface ChangePlan {
  baseVersion: number;
  version: number;
  steps: PlanStep[];
  ddl: string[];
  jobs: PlannedJob[];
  destructive: boolean;
  rowsAffected: number;
  summary: string;
}

export interface ChangeRequest {
  baseVersion: number;
  operations: MetadataOperation[];
  dryRun?: boolean;
}

export interface ChangeResult {
  plan: ChangePlan;
  applied: boolean;
  version: number;
}

export interface MetadataSnapshot {
  version: number;
  bundle: MetadataBundle;
}

/** An object or field set aside by a delete, as `GET /api/v1/meta/deleted` lists it. */
export interface DeletedItem {
  kind: 'object' | 'field';
  /** The object's id (for a field, the object it belongs to). */
  objectId: string;
  objectApiName: string;
  /** The deleted element's id and API name. */
  id: string;
  apiName: string;
  label: Labels;
  deletedAt: string;
  /** When the purge job may remove it for good. */
  restorableUntil: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobView {
  id: string;
  task: string;
  status: JobStatus;
  done: number;
  total: number;
  message: string | null;
  error: string | null;
  attempts: number;
  runAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface Role {
  id: string;
  name: string;
  parentId: string | null;
}

export type ObjectAction = 'create' | 'read' | 'update' | 'delete' | 'viewAll' | 'modifyAll';
export const OBJECT_ACTIONS: readonly ObjectAction[] = ['create', 'read', 'update', 'delete', 'viewAll', 'modifyAll'];
export type ObjectGrant = Partial<Record<ObjectAction, boolean>>;
export type FieldAccess = 'read' | 'edit';

/** System permissions a permission set can grant (the server's list). */
export const SYSTEM_PERMISSIONS = ALL_SYSTEM_PERMISSIONS;

/** A permission set in API shape: objects and fields by API name. */
export interface PermissionSetBody {
  name: string;
  description?: string | null;
  objects?: Record<string, ObjectGrant>;
  fields?: Record<string, Record<string, FieldAccess>>;
  system?: string[];
}

export interface PermissionSet extends PermissionSetBody {
  id: string;
  builtIn: boolean;
  objects: Record<string, ObjectGrant>;
  fields: Record<string, Record<string, FieldAccess>>;
  system: string[];
  createdAt: string;
  updatedAt: string;
}

export type SharingModel = 'private' | 'publicRead' | 'publicReadWrite';
export const SHARING_MODELS: readonly SharingModel[] = ['private', 'publicRead', 'publicReadWrite'];

export interface SharingRule {
  id: string;
  object: string;
  name: string;
  criteria: JsonLogic;
  roleId: string;
  access: FieldAccess;
  createdAt: string;
}

export interface SharingRuleBody {
  object: string;
  name: string;
  criteria: JsonLogic;
  roleId: string;
  access?: FieldAccess;
}

export interface PrincipalAccess {
  id: string;
  roleId: string | null;
  permissionSetIds: string[];
}

export type MemberStatus = 'active' | 'deactivated';

/** A member of the tenant as `/api/v1/admin/users` lists them (docs/security.md). */
export interface Member {
  id: string;
  email: string;
  displayName: string;
  admin: boolean;
  role: { id: string; name: string } | null;
  permissionSetIds: string[];
  status: MemberStatus;
  deactivatedAt: string | null;
  lastSignInAt: string | null;
  createdAt: string;
  mustChangePassword: boolean;
  lockedUntil: string | null;
}

export interface NewMemberBody {
  email: string;
  displayName?: string;
  password?: string;
  admin?: boolean;
  roleId?: string | null;
  permissionSetIds?: string[];
}

export interface MemberChangeBody {
  displayName?: string;
  admin?: boolean;
  roleId?: string | null;
  permissionSetIds?: string[];
}

/** An API key as `/api/v1/admin/api-keys` lists it; `token` only in the answer that created it. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  admin: boolean;
  role: { id: string; name: string } | null;
  permissionSetIds: string[];
  tokenPrefix: string;
  status: 'active' | 'revoked';
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  token?: string;
}

export interface NewApiKeyBody {
  name: string;
  admin?: boolean;
  roleId?: string | null;
  permissionSetIds?: string[];
}

export interface ApiKeyChangeBody {
  name?: string;
  roleId?: string | null;
  permissionSetIds?: string[];
}

export interface DesignerApi {
  getMetadata(): Promise<MetadataSnapshot>;
  changeMetadata(request: ChangeRequest): Promise<ChangeResult>;
  listJobs(params?: { status?: JobStatus; limit?: number }): Promise<JobView[]>;
  /** Objects and fields set aside by a delete that can still be restored, oldest first. */
  listDeleted(): Promise<DeletedItem[]>;
  admin: {
    listRoles(): Promise<Role[]>;
    createRole(name: string, parentId?: string): Promise<Role>;
    assignRole(principalId: string, roleId: string): Promise<void>;
    listPermissionSets(): Promise<PermissionSet[]>;
    createPermissionSet(body: PermissionSetBody): Promise<PermissionSet>;
    updatePermissionSet(id: string, body: PermissionSetBody): Promise<PermissionSet>;
    getPrincipal(id: string): Promise<PrincipalAccess>;
    assignPermissionSet(principalId: string, setId: string): Promise<void>;
    unassignPermissionSet(principalId: string, setId: string): Promise<void>;
    getSharing(object: string): Promise<SharingModel>;
    setSharing(object: string, sharing: SharingModel): Promise<void>;
    listSharingRules(object?: string): Promise<SharingRule[]>;
    createSharingRule(body: SharingRuleBody): Promise<SharingRule>;
    deleteSharingRule(id: string): Promise<void>;
  };
  users: {
    list(params?: { search?: string; status?: MemberStatus }): Promise<Member[]>;
    add(body: NewMemberBody): Promise<Member & { created: boolean }>;
    update(id: string, body: MemberChangeBody): Promise<Member>;
    deactivate(id: string): Promise<Member>;
    reactivate(id: string): Promise<Member>;
    resetPassword(id: string, password: string): Promise<Member>;
    remove(id: string): Promise<void>;
  };
  apiKeys: {
    list(): Promise<ApiKeyInfo[]>;
    create(body: NewApiKeyBody): Promise<ApiKeyInfo & { token: string }>;
    update(id: string, body: ApiKeyChangeBody): Promise<ApiKeyInfo>;
    revoke(id: string): Promise<ApiKeyInfo>;
  };
}

const enc = encodeURIComponent;

/** The designer's API over any request function (the endpoints of runtime/src/rest/meta-routes.ts, admin-routes.ts and user-admin-routes.ts). */
export function createDesignerApi(request: RequestFn): DesignerApi {
  return {
    getMetadata: async () => (await request('GET', '/api/v1/meta')) as MetadataSnapshot,
    changeMetadata: async (change) => (await request('POST', '/api/v1/meta/changes', change)) as ChangeResult,
    listJobs: async (params = {}) => {
      const query = new URLSearchParams();
      if (params.status) query.set('status', params.status);
      if (params.limit) query.set('limit', String(params.limit));
      const suffix = query.size ? `?${query}` : '';
      return ((await request('GET', `/api/v1/meta/jobs${suffix}`)) as { data: JobView[] }).data;
    },
    listDeleted: async () => ((await request('GET', '/api/v1/meta/deleted')) as { data: DeletedItem[] }).data,
    admin: {
      listRoles: async () => ((await request('GET', '/api/v1/admin/roles')) as { data: Role[] }).data,
      createRole: async (name, parentId) => (await request('POST', '/api/v1/admin/roles', parentId ? { name, parentId } : { name })) as Role,
      assignRole: async (principalId, roleId) => {
        await request('PUT', `/api/v1/admin/principals/${enc(principalId)}/role`, { roleId });
      },
      listPermissionSets: async () => ((await request('GET', '/api/v1/admin/permission-sets')) as { data: PermissionSet[] }).data,
      createPermissionSet: async (body) => (await request('POST', '/api/v1/admin/permission-sets', body)) as PermissionSet,
      updatePermissionSet: async (id, body) => (await request('PUT', `/api/v1/admin/permission-sets/${enc(id)}`, body)) as PermissionSet,
      getPrincipal: async (id) => (await request('GET', `/api/v1/admin/principals/${enc(id)}`)) as PrincipalAccess,
      assignPermissionSet: async (principalId, setId) => {
        await request('POST', `/api/v1/admin/principals/${enc(principalId)}/permission-sets/${enc(setId)}`);
      },
      unassignPermissionSet: async (principalId, setId) => {
        await request('DELETE', `/api/v1/admin/principals/${enc(principalId)}/permission-sets/${enc(setId)}`);
      },
      getSharing: async (object) => ((await request('GET', `/api/v1/admin/objects/${enc(object)}/sharing`)) as { sharing: SharingModel }).sharing,
      setSharing: async (object, sharing) => {
        await request('PUT', `/api/v1/admin/objects/${enc(object)}/sharing`, { sharing });
      },
      listSharingRules: async (object) =>
        ((await request('GET', `/api/v1/admin/sharing-rules${object ? `?object=${enc(object)}` : ''}`)) as { data: SharingRule[] }).data,
      createSharingRule: async (body) => (await request('POST', '/api/v1/admin/sharing-rules', body)) as SharingRule,
      deleteSharingRule: async (id) => {
        await request('DELETE', `/api/v1/admin/sharing-rules/${enc(id)}`);
      },
    },
    users: {
      list: async (params = {}) => {
        const query = new URLSearchParams({ limit: '1000' });
        if (params.search) query.set('search', params.search);
        if (params.status) query.set('status', params.status);
        return ((await request('GET', `/api/v1/admin/users?${query}`)) as { data: Member[] }).data;
      },
      add: async (body) => (await request('POST', '/api/v1/admin/users', body)) as Member & { created: boolean },
      update: async (id, body) => (await request('PATCH', `/api/v1/admin/users/${enc(id)}`, body)) as Member,
      deactivate: async (id) => (await request('POST', `/api/v1/admin/users/${enc(id)}/deactivate`)) as Member,
      reactivate: async (id) => (await request('POST', `/api/v1/admin/users/${enc(id)}/reactivate`)) as Member,
      resetPassword: async (id, password) => (await request('POST', `/api/v1/admin/users/${enc(id)}/password`, { password })) as Member,
      remove: async (id) => {
        await request('DELETE', `/api/v1/admin/users/${enc(id)}`);
      },
    },
    apiKeys: {
      list: async () => ((await request('GET', '/api/v1/admin/api-keys')) as { data: ApiKeyInfo[] }).data,
      create: async (body) => (await request('POST', '/api/v1/admin/api-keys', body)) as ApiKeyInfo & { token: string },
      update: async (id, body) => (await request('PATCH', `/api/v1/admin/api-keys/${enc(id)}`, body)) as ApiKeyInfo,
      revoke: async (id) => (await request('POST', `/api/v1/admin/api-keys/${enc(id)}/revoke`)) as ApiKeyInfo,
    },
  };
}

/** A problem the API reported, whatever threw it (AtriumApiError from @atrium/client, or our fetch). */
export interface ApiProblem {
  code: string;
  message: string;
  status?: number;
  details: Array<{ path: string; code: string; message: string }>;
}

export function apiErrorOf(error: unknown): ApiProblem {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; status?: unknown; details?: unknown };
    return {
      code: typeof e.code === 'string' ? e.code : 'ERROR',
      message: typeof e.message === 'string' ? e.message : String(error),
      ...(typeof e.status === 'number' ? { status: e.status } : {}),
      details: Array.isArray(e.details) ? (e.details as ApiProblem['details']) : [],
    };
  }
  return { code: 'ERROR', message: String(error), details: [] };
}

/** Thrown by `fetchRequest` for answers outside 2xx (same shape as @atrium/client's AtriumApiError). */
export class DesignerApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: ApiProblem['details'] = [],
  ) {
    super(message);
    this.name = 'DesignerApiError';
  }
}

export interface FetchRequestOptions {
  baseUrl?: string;
  /** The session's CSRF token (sent as `x-csrf-token` on unsafe methods when the browser signs in with the cookie). */
  csrfToken?: () => string | undefined;
  fetch?: typeof fetch;
}

/** A request function over `fetch` with the session cookie (same origin). */
export function fetchRequest(options: FetchRequestOptions = {}): RequestFn {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  return async (method, path, body) => {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const csrf = method === 'GET' ? undefined : options.csrfToken?.();
    const response = await doFetch(`${base}${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const problem = (parsed ?? {}) as { code?: string; detail?: string; title?: string; errors?: ApiProblem['details'] };
      throw new DesignerApiError(
        problem.code ?? 'HTTP_ERROR',
        problem.detail ?? problem.title ?? `HTTP ${response.status}`,
        response.status,
        problem.errors ?? [],
      );
    }
    return parsed;
  };
}

/** What the designer needs of @atrium/client's AtriumClient: its generic request (credentials, CSRF token, problem+json errors). */
export interface RequestingClient {
  request<T = unknown>(method: HttpMethod, path: string, body?: unknown): Promise<T>;
}

/** A request function over an AtriumClient (the shell's, signed in with the session cookie). */
export function requestFromClient(client: RequestingClient): RequestFn {
  return (method, path, body) => client.request(method, path, body);
}

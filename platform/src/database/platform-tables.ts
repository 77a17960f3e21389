import type { ColumnType, Generated } from 'kysely';

/** Tables of schema `atrium`: what is global to the platform (DESIGN.md §3). */
export interface PlatformTables {
  'atrium.tenant': TenantTable;
  'atrium.metadata_document': MetadataDocumentTable;
  'atrium.metadata_revision': MetadataRevisionTable;
  'atrium.job': JobTable;
  'atrium.api_key': ApiKeyTable;
  'atrium.user': UserTable;
  'atrium.membership': MembershipTable;
  'atrium.session': SessionTable;
}

export type TenantStatus = 'active' | 'migrating' | 'deleted';

export interface TenantTable {
  id: string;
  key: string;
  name: string;
  schema_name: string;
  status: TenantStatus;
  /** Bumped by every applied metadata change. */
  metadata_version: number;
  /** Version of the tenant schema's system layout (system tables); a tenant behind it is refused. */
  schema_version: number;
  time_zone: string;
  week_start: number;
  created_at: ColumnType<Date, string | undefined, never>;
  updated_at: ColumnType<Date, string | undefined, string>;
}

export type MetadataDocumentKind = 'object' | 'layout' | 'pipeline' | 'validationRule';

export interface MetadataDocumentTable {
  tenant_id: string;
  id: string;
  kind: MetadataDocumentKind;
  /** Order of the document within its kind (bundle order). */
  position: number;
  doc: ColumnType<unknown, string, string>;
  updated_at: ColumnType<Date, string | undefined, string>;
}

export interface MetadataRevisionTable {
  tenant_id: string;
  /** The metadata version this revision produced. */
  version: number;
  actor: string;
  summary: string;
  operations: ColumnType<unknown, string, never>;
  plan: ColumnType<unknown, string, never>;
  created_at: ColumnType<Date, string | undefined, never>;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobTable {
  id: string;
  tenant_id: string | null;
  task: string;
  status: JobStatus;
  payload: ColumnType<unknown, string, string>;
  /** Work done and total, for progress bars; total 0 when unknown. */
  done: Generated<number>;
  total: Generated<number>;
  message: string | null;
  error: string | null;
  attempts: Generated<number>;
  run_at: ColumnType<Date, string | undefined, string>;
  created_at: ColumnType<Date, string | undefined, never>;
  updated_at: ColumnType<Date, string | undefined, string>;
}

/** What an API key may do; permission sets come later. */
export type ApiKeyRole = 'admin' | 'integration';

export interface ApiKeyTable {
  /** Also the id of the integration user the key acts as (created_by, updated_by, owner_id). */
  id: string;
  tenant_id: string;
  name: string;
  role: ApiKeyRole;
  /** SHA-256 of the token (32 bytes); the token itself is never stored. */
  token_hash: Buffer;
  /** The token's first 8 characters, for display. */
  token_prefix: string;
  created_at: ColumnType<Date, string | undefined, never>;
  revoked_at: ColumnType<Date | null, string | null | undefined, string | null>;
  last_used_at: ColumnType<Date | null, string | null | undefined, string | null>;
  /** The user or key that created it through the admin API; null for the CLI. */
  created_by: ColumnType<string | null, string | null | undefined, never>;
}

export interface UserTable {
  /** The user's id: what records they write carry as owner_id, created_by, updated_by. */
  id: string;
  /** Lower-cased; unique. */
  email: string;
  display_name: string;
  /** PHC string `$scrypt$ln=…,r=…,p=…$salt$hash`; null while no password is set. */
  password_hash: string | null;
  password_changed_at: ColumnType<Date | null, string | null | undefined, string | null>;
  /** Failed sign-ins counted since `failed_since` (lock-out). */
  failed_attempts: Generated<number>;
  failed_since: ColumnType<Date | null, string | null | undefined, string | null>;
  locked_until: ColumnType<Date | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, string | undefined, never>;
  disabled_at: ColumnType<Date | null, string | null | undefined, string | null>;
  /** Set with a password an admin chose (a new user's first, a reset): the next sign-in must replace it. */
  must_change_password: Generated<boolean>;
}

/** A user's role in a tenant: a placeholder until permission sets arrive. */
export type MembershipRole = 'admin' | 'member';

export interface MembershipTable {
  user_id: string;
  tenant_id: string;
  role: MembershipRole;
  created_at: ColumnType<Date, string | undefined, never>;
  /** Set while a tenant admin has deactivated the membership: no sign-in to the tenant, no session in it. */
  disabled_at: ColumnType<Date | null, string | null | undefined, string | null>;
  last_sign_in_at: ColumnType<Date | null, string | null | undefined, string | null>;
}

export interface SessionTable {
  /** SHA-256 of the session token (32 bytes); the token itself is never stored. */
  id: Buffer;
  user_id: string;
  /** The active tenant: one of the user's memberships. */
  tenant_id: string;
  /** The session's CSRF token (32 random bytes), sent back in `x-csrf-token`. */
  csrf_secret: Buffer;
  created_at: ColumnType<Date, string | undefined, never>;
  last_seen_at: ColumnType<Date, string | undefined, string>;
  expires_at: ColumnType<Date, string, string>;
  revoked_at: ColumnType<Date | null, string | null | undefined, string | null>;
}

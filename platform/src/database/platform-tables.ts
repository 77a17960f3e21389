import type { ColumnType, Generated } from 'kysely';

/** Tables of schema `atrium`: what is global to the platform (DESIGN.md §3). */
export interface PlatformTables {
  'atrium.tenant': TenantTable;
  'atrium.metadata_document': MetadataDocumentTable;
  'atrium.metadata_revision': MetadataRevisionTable;
  'atrium.job': JobTable;
  'atrium.api_key': ApiKeyTable;
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
}

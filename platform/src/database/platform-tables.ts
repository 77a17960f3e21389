import type { ColumnType, Generated } from 'kysely';

/** Tables of schema `atrium`: what is global to the platform (DESIGN.md §3). */
export interface PlatformTables {
  'atrium.tenant': TenantTable;
  'atrium.metadata_document': MetadataDocumentTable;
  'atrium.metadata_revision': MetadataRevisionTable;
  'atrium.job': JobTable;
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

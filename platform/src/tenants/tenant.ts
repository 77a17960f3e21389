/** A tenant: one company's CRM, with its own PostgreSQL schema. */
export interface Tenant {
  id: string;
  key: string;
  name: string;
  schemaName: string;
  status: 'active' | 'migrating' | 'deleted';
  metadataVersion: number;
  schemaVersion: number;
  timeZone: string;
  weekStart: number;
  createdAt: string;
}

/** Tenant keys: lower-case letters, digits and `_`, starting with a letter, 2 to 40 characters. */
export const TENANT_KEY_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

/** The tenant's PostgreSQL schema: `t_<key>`. */
export const tenantSchemaName = (key: string): string => `t_${key}`;

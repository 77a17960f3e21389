import { type QueryExecutorProvider, sql } from 'kysely';

/** Namespace of Atrium's per-tenant advisory locks (metadata changes are serialised per tenant). */
const TENANT_LOCK_NAMESPACE = 72_010;

/** Takes the tenant's metadata lock until the end of the transaction. */
export async function lockTenantMetadata(tx: QueryExecutorProvider, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${TENANT_LOCK_NAMESPACE}, hashtext(${tenantId}))`.execute(tx);
}

/** DDL must not queue behind long transactions: give up quickly and retry (DESIGN.md §3). */
export async function limitLockWaits(tx: QueryExecutorProvider, milliseconds = 100): Promise<void> {
  await sql`select set_config('lock_timeout', ${`${milliseconds}ms`}, true)`.execute(tx);
}

export function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '55P03';
}

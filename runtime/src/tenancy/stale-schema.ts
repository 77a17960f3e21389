/**
 * SQL compiled for an older metadata version met a column or table that a change has set aside
 * (SQLSTATE 42703 undefined column, 42P01 undefined table): the tenant is reloaded and the request
 * retried once (DESIGN.md §2).
 */
export function isStaleSchemaError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === '42703' || code === '42P01';
}

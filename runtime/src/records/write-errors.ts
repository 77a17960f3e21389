import { AtriumError } from '@atrium/errors';
import { uniqueIndexName } from '@atrium/platform';
import type { TenantModel } from '../model/tenant-model.ts';

interface PgError {
  code?: string;
  constraint?: string;
  table?: string;
  message?: string;
}

/**
 * PostgreSQL's refusals of a write, as the client's error: a duplicate of a unique field, a value
 * out of range or not of the column's type. Returns undefined for anything else (left to the caller).
 */
export function writeErrorFor(error: unknown, model: TenantModel): AtriumError | undefined {
  if (error instanceof AtriumError || typeof error !== 'object' || error === null) return undefined;
  const pg = error as PgError;
  switch (pg.code) {
    case '23505': {
      const field = fieldOfUniqueIndex(model, pg.table, pg.constraint);
      return new AtriumError('VALIDATION_FAILED', `another record has this ${field ?? 'value'} already`, [
        { path: field ? `/input/${field}` : '/input', code: 'DUPLICATE_VALUE', message: `another record has this ${field ?? 'value'} already` },
      ]);
    }
    case '23503':
      return new AtriumError('VALIDATION_FAILED', 'a relation points to a record that does not exist', [
        { path: '/input', code: 'UNKNOWN_RECORD', message: 'no such related record' },
      ]);
    case '23514':
      return new AtriumError('VALIDATION_FAILED', 'a required field is missing', [
        { path: '/input', code: 'REQUIRED', message: pg.message ?? 'a required field is missing' },
      ]);
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22023':
      return new AtriumError('VALIDATION_FAILED', `a value is not valid: ${pg.message ?? ''}`, [
        { path: '/input', code: 'INVALID_VALUE', message: pg.message ?? 'invalid value' },
      ]);
    case '54000':
      // PostgreSQL keeps a record in one 8 kB row: short values of very wide objects can overflow it.
      return new AtriumError('VALIDATION_FAILED', 'the record is too large to store: fill fewer fields or shorten long values', [
        { path: '/input', code: 'RECORD_TOO_LARGE', message: pg.message ?? 'row is too big' },
      ]);
    default:
      return undefined;
  }
}

function fieldOfUniqueIndex(model: TenantModel, table: string | undefined, constraint: string | undefined): string | undefined {
  for (const object of model.objects.values()) {
    if (object.table !== table) continue;
    for (const field of object.def.fields) if (field.unique && uniqueIndexName(object.table, field) === constraint) return field.apiName;
  }
  return undefined;
}

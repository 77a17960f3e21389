import { type FieldDef, fieldType, type ObjectDef } from '@atrium/metadata';

/**
 * Splits a record in API shape (`{amount: {amount, currency}, billingAddress: {...}}`) into
 * physical columns. Read-only and column-less fields (formula, autoNumber, manyToMany) are skipped.
 */
export function recordToColumns(object: ObjectDef, record: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of object.fields) {
    if (field.state === 'deleted' || !(field.apiName in record)) continue;
    const module = fieldType(field.type);
    if (module.readOnly) continue;
    const value = record[field.apiName];
    const parts = module.columns(field);
    if (parts.length === 0) continue;
    if (parts.length === 1) {
      row[columnOf(field, parts[0]?.part ?? 'value')] = value ?? null;
      continue;
    }
    const composite = (value ?? {}) as Record<string, unknown>;
    for (const { part } of parts) row[columnOf(field, part)] = composite[part] ?? null;
    // An amount without its code takes the field's default currency.
    if (field.type === 'currency' && composite.amount !== undefined && composite.amount !== null && !composite.currency) {
      row[columnOf(field, 'currency')] = field.config?.defaultCurrency ?? null;
    }
  }
  return row;
}

function columnOf(field: FieldDef, part: string): string {
  const column = field.columns?.[part];
  if (!column) throw new Error(`field "${field.apiName}" has no column for "${part}"`);
  return column;
}

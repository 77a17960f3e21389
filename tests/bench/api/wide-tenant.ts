import type { FieldDef, ObjectDef } from '@atrium/metadata';
import { createApiKey, createTenant, type Database } from '@atrium/platform';
import { field, objectDef, picklistField } from '../metadata/field-defs.ts';
import { changeMetadata } from '../metadata/metadata-change.ts';
import { timed } from '../metadata/stats.ts';

export interface WideTenant {
  key: string;
  id: string;
  token: string;
  objects: number;
  fieldsPerObject: number;
  createMs: number;
}

const pad = (n: number) => String(n).padStart(3, '0');

/** Object `i` (1-based): fields of the usual types, one of them a lookup to object i - 1. */
function wideObject(i: number, fieldsPerObject: number): ObjectDef {
  const id = (f: number) => `fld_w${pad(i)}_f${String(f).padStart(2, '0')}`;
  const name = (f: number) => `f${String(f).padStart(2, '0')}`;
  const kinds: Array<(f: number) => FieldDef> = [
    (f) => field(id(f), name(f), 'text', { config: { maxLength: 255 } }),
    (f) => field(id(f), name(f), 'number', { config: { precision: 18, scale: 2 } }),
    (f) => field(id(f), name(f), 'date'),
    (f) => picklistField(id(f), name(f), ['low', 'medium', 'high']),
    (f) => field(id(f), name(f), 'boolean'),
    (f) => field(id(f), name(f), 'currency', { config: { defaultCurrency: 'USD', precision: 18, scale: 2 } }),
    (f) => field(id(f), name(f), 'email', { config: { maxLength: 254 } }),
    (f) => field(id(f), name(f), 'integer'),
    (f) => field(id(f), name(f), 'datetime'),
    (f) => field(id(f), name(f), 'longText'),
  ];
  // f07 is a lookup to the previous object (its reverse relation a list there); the others cycle through the kinds.
  const lookup = (f: number) =>
    field(id(f), name(f), 'lookup', { config: { target: `obj_w${pad(i - 1)}`, onDelete: 'setNull', relationName: `w${pad(i)}Children` } });
  const fields = Array.from({ length: fieldsPerObject }, (_, k) =>
    k === 6 && i > 1 ? lookup(k + 1) : (kinds[k % kinds.length] as (f: number) => FieldDef)(k + 1),
  );
  return objectDef(`obj_w${pad(i)}`, `wide${pad(i)}`, `wide${pad(i)}s`, 'f01', fields);
}

/** A tenant with `objects` objects of `fieldsPerObject` fields each, created in revisions of 50 objects. */
export async function createWideTenant(
  database: Database,
  key: string,
  objects: number,
  fieldsPerObject: number,
  log: (line: string) => void,
): Promise<WideTenant> {
  const created = await timed(async () => {
    const tenant = await createTenant(database.db, { key });
    for (let start = 1; start <= objects; start += 50) {
      const batch = Array.from({ length: Math.min(50, objects - start + 1) }, (_, k) => wideObject(start + k, fieldsPerObject));
      await changeMetadata(
        database,
        key,
        batch.map((object) => ({ op: 'createObject' as const, object })),
      );
      log(`  wide tenant: ${Math.min(objects, start + 49)}/${objects} objects`);
    }
    const { token } = await createApiKey(database.db, key, { role: 'admin', name: 'bench' });
    return { tenant, token };
  });
  return { key, id: created.result.tenant.id, token: created.result.token, objects, fieldsPerObject, createMs: created.ms };
}

import { ADDRESS_PARTS } from '../field-types/address.ts';
import type { FieldDef, MetadataBundle, ObjectDef } from '../model/types.ts';
import { SYSTEM_FIELD_NAMES } from '../naming/reserved-names.ts';

/** A field a record path goes through (`account.name` touches `account` here and `name` on the account). */
export interface TouchedField {
  objectId: string;
  field: string;
}

/** On failure, `message` completes "… refers to": `"amount", which is not a field of object "deal"`. */
export type PathResolution = { ok: true; touched: TouchedField[] } | { ok: false; message: string; touched: TouchedField[] };

/** System fields holding a user reference: a path may go on into the user (`owner.email`). */
const USER_SYSTEM_FIELDS = new Set(['owner', 'ownerId', 'createdBy', 'updatedBy']);
const SYSTEM_FIELDS = new Set<string>(SYSTEM_FIELD_NAMES);
const CURRENCY_PARTS = new Set(['amount', 'currency']);
const ADDRESS_PART_SET = new Set<string>(ADDRESS_PARTS);

function liveField(object: ObjectDef, apiName: string): FieldDef | undefined {
  return object.fields.find((f) => f.apiName === apiName && f.state !== 'deleted');
}

/**
 * Resolves a record path as rules read it (`amount`, `account.name`, `price.amount`,
 * `billingAddress.city`, `owner.email`) against an object: each segment before the last must
 * be a lookup or master-detail field (followed to its target), a composite part, or a
 * user/JSON value (anything below is accepted).
 */
export function resolveRecordPath(bundle: MetadataBundle, object: ObjectDef, path: string): PathResolution {
  const segments = path.split('.');
  const touched: TouchedField[] = [];
  let current: ObjectDef = object;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const rest = segments.length - i - 1;
    if (SYSTEM_FIELDS.has(segment)) {
      if (rest === 0 || USER_SYSTEM_FIELDS.has(segment)) return { ok: true, touched };
      return { ok: false, touched, message: `"${path}": system field "${segment}" has no parts` };
    }
    const field = liveField(current, segment);
    if (!field) {
      const deleted = current.fields.some((f) => f.apiName === segment);
      const what = `${deleted ? 'is a deleted field' : 'is not a field'} of object "${current.apiName}"`;
      const message = segments.length === 1 ? `"${path}", which ${what}` : `"${path}": "${segment}" ${what}`;
      return { ok: false, touched, message };
    }
    touched.push({ objectId: current.id, field: field.apiName });
    if (rest === 0) return { ok: true, touched };
    const next = segments[i + 1] as string;
    switch (field.type) {
      case 'lookup':
      case 'masterDetail': {
        const target = bundle.objects.find((o) => o.id === field.config?.target && o.state !== 'deleted');
        if (!target) return { ok: true, touched }; // the unknown target is reported on the field itself
        current = target;
        continue;
      }
      case 'user':
      case 'json':
        return { ok: true, touched };
      case 'currency':
        if (rest === 1 && CURRENCY_PARTS.has(next)) return { ok: true, touched };
        return { ok: false, touched, message: `"${path}": a currency has parts "amount" and "currency" only` };
      case 'address':
        if (rest === 1 && ADDRESS_PART_SET.has(next)) return { ok: true, touched };
        return { ok: false, touched, message: `"${path}": an address has parts ${ADDRESS_PARTS.map((p) => `"${p}"`).join(', ')} only` };
      default:
        return {
          ok: false,
          touched,
          message: `"${path}": "${segment}" is a ${field.type} field of object "${current.apiName}" (only lookups and composite values have parts)`,
        };
    }
  }
  return { ok: true, touched };
}

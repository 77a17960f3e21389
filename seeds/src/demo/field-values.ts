/**
 * Generic values per field type, and a check that a value fits its field. Recipes give the
 * CRM's known fields nicer values; every other field (including fields added later) gets one
 * of these, in the record-value shape of its type.
 */
import type { FieldDef } from '../../crm/model.ts';
import { addDays, atBusinessHour, type DemoState, isoDate, money, optionValues, type RecordContext } from './context.ts';
import { address, phone, sentence } from './names.ts';

/** Read-only types: computed or assigned by the platform, never written by clients. */
export const READ_ONLY_TYPES: ReadonlySet<string> = new Set(['formula', 'autoNumber']);

/** Relation types whose values are record ids of a target object. */
export const LINK_TYPES: ReadonlySet<string> = new Set(['lookup', 'masterDetail']);

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A value for any writable field; `undefined` leaves the field unset. */
export function genericValue(ctx: RecordContext, field: FieldDef): unknown {
  const { rng } = ctx;
  const maxLength = field.config?.maxLength;
  switch (field.type) {
    case 'text': {
      const words = sentence(rng, ctx.locale, 3).replace(/[.。]$/, '');
      return clip(words, maxLength ?? 255);
    }
    case 'longText':
      return clip([sentence(rng, ctx.locale, 8), sentence(rng, ctx.locale, 6)].join(ctx.locale === 'zh' ? '' : ' '), maxLength);
    case 'richText':
      return clip(`<p>${sentence(rng, ctx.locale, 8)}</p>`, maxLength);
    case 'email': {
      const local = ctx.person?.handle ?? rng.pick(['info', 'sales', 'contact', 'hello']);
      const value = `${local}@${ctx.company?.domain ?? 'example.com'}`;
      return maxLength !== undefined && value.length > maxLength ? undefined : value;
    }
    case 'phone':
      return phone(rng, ctx.place, rng.chance(0.3));
    case 'url':
      return `https://www.${ctx.company?.domain ?? 'example.com'}/${rng.pick(['', 'about', 'products', 'contact'])}`.replace(/\/$/, '');
    case 'integer':
      return rng.int(0, 1000);
    case 'number':
    case 'percent': {
      const scale = field.config?.scale ?? 2;
      const limit = Math.min(field.type === 'percent' ? 100 : 10_000, bound(field) * 0.9);
      return round(rng.float(0, limit), scale);
    }
    case 'currency':
      return money(ctx, rng.float(1_000, 100_000), 10);
    case 'boolean':
      return typeof field.default === 'boolean' && rng.chance(0.8) ? field.default : rng.chance(0.3);
    case 'date':
      return isoDate(addDays(ctx.now, rng.int(-365, 180)));
    case 'datetime':
      return atBusinessHour(ctx, addDays(ctx.now, rng.int(-180, 0))).toISOString();
    case 'picklist': {
      const values = optionValues(field);
      return values.length === 0 ? undefined : rng.pick(values);
    }
    case 'multiPicklist': {
      const values = optionValues(field);
      if (values.length === 0) return undefined;
      const chosen = new Set(rng.sample(values, rng.int(1, Math.min(3, values.length))));
      return values.filter((value) => chosen.has(value));
    }
    case 'manyToMany': {
      const targets = ctx.state.recordsOf(field.config?.target ?? '');
      return rng.sample(targets, rng.int(0, Math.min(3, targets.length))).map((target) => target.record.id);
    }
    case 'user':
      return ctx.state.userIds.length === 0 ? undefined : rng.pick(ctx.state.userIds);
    case 'address':
      return address(rng, ctx.place);
    case 'json':
      return { source: 'demo', reference: `DEMO-${String(ctx.index + 1).padStart(5, '0')}` };
    default:
      // lookup and masterDetail are linked separately; formula and autoNumber are read-only.
      return undefined;
  }
}

/** Whether `value` fits the field's type and config (so a recipe's guess can be trusted). */
export function fits(state: DemoState, field: FieldDef, value: unknown): boolean {
  const maxLength = field.config?.maxLength;
  const fitsLength = (text: unknown): boolean => typeof text === 'string' && text.length > 0 && (maxLength === undefined || text.length <= maxLength);
  switch (field.type) {
    case 'text':
    case 'longText':
    case 'richText':
    case 'phone':
      return fitsLength(value);
    case 'email':
      return fitsLength(value) && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value as string);
    case 'url':
      return fitsLength(value) && /^https?:\/\/\S+$/.test(value as string);
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
    case 'percent':
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < bound(field);
    case 'currency': {
      if (typeof value !== 'object' || value === null) return false;
      const { amount, currency } = value as { amount?: unknown; currency?: unknown };
      return (
        typeof amount === 'number' &&
        Number.isFinite(amount) &&
        Math.abs(amount) < bound(field) &&
        (currency === undefined || (typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)))
      );
    }
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && DATE_PATTERN.test(value);
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'picklist':
      return typeof value === 'string' && optionValues(field).includes(value);
    case 'multiPicklist': {
      if (!Array.isArray(value)) return false;
      const values = optionValues(field);
      return new Set(value).size === value.length && value.every((item) => typeof item === 'string' && values.includes(item));
    }
    case 'lookup':
    case 'masterDetail':
      return typeof value === 'string' && state.byId.get(value)?.object.id === field.config?.target;
    case 'manyToMany':
      return Array.isArray(value) && value.every((id) => typeof id === 'string' && state.byId.get(id)?.object.id === field.config?.target);
    case 'user':
      return typeof value === 'string' && state.userIds.includes(value);
    case 'address':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'json':
      return value !== undefined;
    default:
      return false;
  }
}

/** |value| must stay below 10^(precision - scale) (numeric(p,s)); unbounded without a precision. */
function bound(field: FieldDef): number {
  const precision = field.config?.precision ?? (field.type === 'currency' ? 18 : undefined);
  if (precision === undefined) return Number.MAX_SAFE_INTEGER;
  const scale = field.config?.scale ?? (field.type === 'currency' ? 2 : 0);
  return Math.min(Number.MAX_SAFE_INTEGER, 10 ** (precision - scale));
}

export function round(value: number, scale: number): number {
  const factor = 10 ** scale;
  return Math.round(value * factor) / factor;
}

function clip(text: string, maxLength: number | undefined): string {
  return maxLength === undefined || text.length <= maxLength ? text : text.slice(0, maxLength);
}

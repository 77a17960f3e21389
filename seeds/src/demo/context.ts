/** The state of one demo-data run and the context a record is generated in. */
import type { FieldDef, MetadataBundle, ObjectDef } from '../../crm/model.ts';
import type { Company, Locale, Person, Place } from './names.ts';
import type { Random } from './random.ts';

export type DemoRecord = Record<string, unknown>;

/** What later records reuse from an earlier one: its language, company and person. */
export interface RecordTraits {
  locale: Locale;
  company?: Company;
  person?: Person;
}

export interface GeneratedRecord {
  object: ObjectDef;
  record: DemoRecord;
  traits: RecordTraits;
}

/** Everything generated so far in one run. */
export class DemoState {
  readonly byObject = new Map<string, GeneratedRecord[]>();
  readonly byId = new Map<string, GeneratedRecord>();
  /** Company short names already used (accounts and leads get distinct companies). */
  readonly companyNames = new Set<string>();

  constructor(
    readonly bundle: MetadataBundle,
    readonly now: Date,
    readonly userIds: readonly string[],
  ) {}

  objectById(id: string): ObjectDef | undefined {
    return this.bundle.objects.find((object) => object.id === id);
  }

  objectByApiName(apiName: string): ObjectDef | undefined {
    return this.bundle.objects.find((object) => object.apiName === apiName);
  }

  /** Records generated so far for an object (by id). */
  recordsOf(objectId: string): GeneratedRecord[] {
    return this.byObject.get(objectId) ?? [];
  }

  add(generated: GeneratedRecord): void {
    const id = generated.record.id;
    if (typeof id !== 'string') throw new Error('a generated record has no id');
    const list = this.byObject.get(generated.object.id) ?? [];
    list.push(generated);
    this.byObject.set(generated.object.id, list);
    this.byId.set(id, generated);
  }
}

/** The context one record is generated in. */
export interface RecordContext {
  state: DemoState;
  rng: Random;
  now: Date;
  object: ObjectDef;
  /** Position of the record among its object's records. */
  index: number;
  record: DemoRecord;
  locale: Locale;
  place: Place;
  company?: Company;
  person?: Person;
  /** ISO 4217 code for money in this record. */
  currency: string;
  /** Free scratch space for recipes (values chosen early and used by several fields). */
  scratch: Record<string, unknown>;
}

export function fieldOf(object: ObjectDef, apiName: string): FieldDef | undefined {
  return object.fields.find((field) => field.apiName === apiName && isLive(field));
}

export function isLive(field: FieldDef): boolean {
  return field.state !== 'deleted' && field.deletedAt === undefined;
}

/** The record a lookup of `record` points to, if it was generated in this run. */
export function linked(ctx: RecordContext, apiName: string): GeneratedRecord | undefined {
  const id = ctx.record[apiName];
  return typeof id === 'string' ? ctx.state.byId.get(id) : undefined;
}

/** Active option values of a picklist or multi-picklist. */
export function optionValues(field: FieldDef): string[] {
  return (field.config?.options ?? []).filter((option) => !option.inactive).map((option) => option.value);
}

/** An option's label in the record's language, falling back to English and then the value. */
export function optionLabel(field: FieldDef | undefined, value: string, locale: Locale): string {
  const option = field?.config?.options?.find((candidate) => candidate.value === value);
  if (option === undefined) return value;
  return (locale === 'zh' ? option.label['zh-CN'] : undefined) ?? option.label.en;
}

// Dates. Demo data is relative to `now` so pipelines look current.

const DAY = 86_400_000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY);
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

/** `YYYY-MM-DD` (UTC). */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day of `date` at a business hour (9:00 to 17:45) of the record's place. */
export function atBusinessHour(ctx: RecordContext, date: Date): Date {
  const localHour = ctx.rng.int(9, 17);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), localHour - ctx.place.utcOffset, ctx.rng.pick([0, 15, 30, 45])));
}

/** Money: the amount in the record's currency for a value given in US dollars. */
export function money(ctx: RecordContext, usd: number, roundTo = 1): { amount: number; currency: string } {
  const factor = CURRENCY_FACTORS[ctx.currency] ?? 1;
  const amount = Math.max(roundTo, Math.round((usd * factor) / roundTo) * roundTo);
  return { amount, currency: ctx.currency };
}

const CURRENCY_FACTORS: Record<string, number> = { USD: 1, CNY: 7, EUR: 0.9, GBP: 0.8, SGD: 1.3 };

export function currencyFor(place: Place): string {
  switch (place.country) {
    case '中国':
      return 'CNY';
    case 'Germany':
      return 'EUR';
    case 'United Kingdom':
      return 'GBP';
    case 'Singapore':
      return 'SGD';
    default:
      return 'USD';
  }
}

/**
 * The demo-data generator: records for every object of a bundle, parents before children,
 * deterministic for a given seed. Values come from the object's recipe when there is one (the
 * CRM's objects), otherwise from the generic generator of each field type, so fields and
 * objects added later get values too. Every record passes the bundle's validation rules and the
 * entry condition of the pipeline stage it is in.
 */
import type { FieldDef, JsonLogic, MetadataBundle, ObjectDef } from '../../crm/model.ts';
import { currencyFor, DemoState, type GeneratedRecord, isLive, optionValues, type RecordContext } from './context.ts';
import { fits, genericValue, LINK_TYPES, READ_ONLY_TYPES } from './field-values.ts';
import { EN_PLACES, place, sentence } from './names.ts';
import { Random } from './random.ts';
import { RECIPES, type Recipe } from './recipes/index.ts';
import { holds, pipelinesFor, type RecordProblem, recordProblems } from './record-checks.ts';

export interface DemoDataOptions {
  /** Seed of the pseudo-random generator (default 1). */
  seed?: number;
  /** Multiplies the default record counts (default 1). */
  scale?: number;
  /** Makes the id of each generated record (uuid v7 in the platform). */
  newId: () => string;
  /** Dates are relative to it (default `DEFAULT_NOW`, fixed so the output is deterministic). */
  now?: Date;
  /** Record counts by object API name, overriding the scaled defaults. */
  counts?: Readonly<Record<string, number>>;
  /** Users for `user` fields; without them those fields stay empty. */
  userIds?: readonly string[];
}

/** Generated records by object API name, in insertion order (parents before children). */
export type DemoData = { object: string; records: Record<string, unknown>[] }[];

export const DEFAULT_SEED = 1;
export const DEFAULT_NOW = new Date('2026-01-15T09:00:00.000Z');
export const DEFAULT_COUNTS: Readonly<Record<string, number>> = {
  account: 40,
  contact: 100,
  opportunity: 60,
  lead: 50,
  activity: 150,
  case: 30,
};
/** Records per object for objects without a default count. */
export const GENERIC_COUNT = 20;

/** Attempts per record before giving up; after `FORCE_STAGE_AFTER` a record falls back to a stage it can enter. */
const ATTEMPTS = 40;
const FORCE_STAGE_AFTER = 10;
/** Share of optional fields without a recipe that get a value. */
const FILL_RATE = 0.75;

export function generateDemoData(bundle: MetadataBundle, options: DemoDataOptions): DemoData {
  const seed = options.seed ?? DEFAULT_SEED;
  const state = new DemoState(bundle, options.now ?? DEFAULT_NOW, options.userIds ?? []);
  const data: DemoData = [];
  for (const object of insertionOrder(bundle)) {
    // One random stream per object: changing one object leaves the others' values alone.
    const rng = new Random((seed ^ hash(object.id)) >>> 0);
    const records: Record<string, unknown>[] = [];
    const count = recordCount(object, options);
    for (let index = 0; index < count; index++) {
      const generated = generateRecord(state, object, index, rng, options.newId);
      state.add(generated);
      records.push(generated.record);
    }
    data.push({ object: object.apiName, records });
  }
  return data;
}

function recordCount(object: ObjectDef, options: DemoDataOptions): number {
  const explicit = options.counts?.[object.apiName];
  if (explicit !== undefined) return Math.max(0, Math.floor(explicit));
  return Math.max(0, Math.round((DEFAULT_COUNTS[object.apiName] ?? GENERIC_COUNT) * (options.scale ?? 1)));
}

function generateRecord(state: DemoState, object: ObjectDef, index: number, rng: Random, newId: () => string): GeneratedRecord {
  const recipe = RECIPES[object.apiName] ?? {};
  let problems: RecordProblem[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const ctx = buildRecord(state, object, recipe, index, rng);
    if (attempt >= FORCE_STAGE_AFTER) enterReachableStage(ctx, recipe);
    problems = recordProblems(state.bundle, object, ctx.record, state.now);
    if (problems.length === 0) {
      const traits = { locale: ctx.locale, ...(ctx.company && { company: ctx.company }), ...(ctx.person && { person: ctx.person }) };
      return { object, record: { id: newId(), ...ctx.record }, traits };
    }
  }
  const reasons = problems.map((problem) => `${problem.source}: ${problem.message}`).join('; ');
  throw new Error(`demo data: no valid ${object.apiName} record after ${ATTEMPTS} attempts (${reasons})`);
}

function buildRecord(state: DemoState, object: ObjectDef, recipe: Recipe, index: number, rng: Random): RecordContext {
  const ctx: RecordContext = {
    state,
    rng,
    now: state.now,
    object,
    index,
    record: {},
    locale: 'en',
    place: EN_PLACES[0] as (typeof EN_PLACES)[number],
    currency: 'USD',
    scratch: {},
  };
  if (recipe.link) recipe.link(ctx);
  else linkGenerically(ctx, recipe);

  // A record takes its language, company and place from what it is linked to.
  const parents = linkFields(object)
    .map((field) => ctx.record[field.apiName])
    .flatMap((id) => (typeof id === 'string' ? [state.byId.get(id)] : []))
    .filter((parent): parent is GeneratedRecord => parent !== undefined);
  const withCompany = parents.find((parent) => parent.traits.company !== undefined);
  ctx.locale = (withCompany ?? parents[0])?.traits.locale ?? (rng.chance(recipe.zhShare ?? 0.3) ? 'zh' : 'en');
  if (withCompany?.traits.company) ctx.company = withCompany.traits.company;
  ctx.place = ctx.company?.place ?? place(rng, ctx.locale);
  recipe.identity?.(ctx);
  ctx.currency = currencyFor(ctx.place);

  for (const field of object.fields) {
    if (!isLive(field) || READ_ONLY_TYPES.has(field.type) || LINK_TYPES.has(field.type)) continue;
    const known = recipe.fields?.[field.apiName] ?? COMMON_FIELDS[field.apiName];
    let value: unknown;
    if (known !== undefined) {
      value = known(ctx);
      if (value !== undefined && !fits(state, field, value)) value = genericValue(ctx, field);
    } else if (field.required || rng.chance(FILL_RATE)) {
      value = genericValue(ctx, field);
    }
    if (value === undefined && field.required) value = genericValue(ctx, field);
    if (value !== undefined) ctx.record[field.apiName] = value;
  }
  recipe.finish?.(ctx);
  conform(ctx);
  return ctx;
}

/** Values for fields of any object, by API name (objects without a recipe). */
const COMMON_FIELDS: Readonly<Record<string, (ctx: RecordContext) => unknown>> = {
  name: (ctx) => `${sentence(ctx.rng, ctx.locale, 2).replace(/[.。]$/, '')} ${ctx.index + 1}`,
};

/**
 * Links each lookup to a generated record of its target, keeping links consistent: when a
 * record already points to an account, its contact is one of that account's contacts.
 */
function linkGenerically(ctx: RecordContext, recipe: Recipe): void {
  const { state, object, record, rng } = ctx;
  const fields = linkFields(object).sort((a, b) => depth(state, a.config?.target ?? '') - depth(state, b.config?.target ?? ''));
  for (const field of fields) {
    const target = state.objectById(field.config?.target ?? '');
    if (target === undefined || record[field.apiName] !== undefined) continue;
    const mandatory = field.required === true || field.type === 'masterDetail';
    if (!rng.chance(mandatory ? 1 : (recipe.linkChance?.[field.apiName] ?? 0.8))) continue;
    let candidates = state.recordsOf(target.id);
    for (const other of fields) {
      const value = record[other.apiName];
      if (other === field || typeof value !== 'string' || target.id === object.id) continue;
      const via = linkFields(target).find((candidate) => candidate.config?.target === other.config?.target);
      if (via !== undefined) candidates = candidates.filter((candidate) => candidate.record[via.apiName] === value);
    }
    if (candidates.length === 0) continue;
    const chosen = rng.pick(candidates);
    record[field.apiName] = chosen.record.id;
    // A record linked to a contact is linked to the contact's account too.
    for (const other of fields) {
      if (other === field || record[other.apiName] !== undefined || target.id === object.id) continue;
      const via = linkFields(target).find((candidate) => candidate.config?.target === other.config?.target);
      const inherited = via === undefined ? undefined : chosen.record[via.apiName];
      if (typeof inherited === 'string') record[other.apiName] = inherited;
    }
  }
}

/** Drops or replaces values that do not fit their field (e.g. an option removed from a picklist). */
function conform(ctx: RecordContext): void {
  for (const [apiName, value] of Object.entries(ctx.record)) {
    const field = ctx.object.fields.find((candidate) => candidate.apiName === apiName && isLive(candidate));
    if (field === undefined || READ_ONLY_TYPES.has(field.type)) {
      delete ctx.record[apiName];
    } else if (!fits(ctx.state, field, value)) {
      const replacement = LINK_TYPES.has(field.type) ? undefined : genericValue(ctx, field);
      if (replacement !== undefined && fits(ctx.state, field, replacement)) ctx.record[apiName] = replacement;
      else delete ctx.record[apiName];
    }
  }
}

/** Moves a record whose stage it cannot enter to the first stage it can (then re-finishes it). */
function enterReachableStage(ctx: RecordContext, recipe: Recipe): void {
  const enterable = (condition: JsonLogic | undefined): boolean => condition === undefined || holds(condition, ctx.record, ctx.now);
  for (const pipeline of pipelinesFor(ctx.state.bundle, ctx.object, ctx.record, ctx.now)) {
    const current = pipeline.stages.find((stage) => stage.value === ctx.record[pipeline.field]);
    if (current === undefined || enterable(current.entryCondition)) continue;
    const field = ctx.object.fields.find((candidate) => candidate.apiName === pipeline.field);
    const values = field === undefined ? [] : optionValues(field);
    const reachable = pipeline.stages.find((stage) => values.includes(stage.value) && enterable(stage.entryCondition));
    if (reachable === undefined) continue;
    ctx.record[pipeline.field] = reachable.value;
    recipe.finish?.(ctx);
    conform(ctx);
  }
}

/** Live lookup and master-detail fields of an object. */
function linkFields(object: ObjectDef): FieldDef[] {
  return object.fields.filter((field) => isLive(field) && LINK_TYPES.has(field.type) && field.config?.target !== undefined);
}

/** How many levels of parents an object has (0: none); cycles count as 0. */
function depth(state: DemoState, objectId: string, visiting = new Set<string>()): number {
  const object = state.objectById(objectId);
  if (object === undefined || visiting.has(objectId)) return 0;
  visiting.add(objectId);
  let deepest = 0;
  for (const field of linkFields(object)) {
    const target = field.config?.target;
    if (target !== undefined && target !== objectId) deepest = Math.max(deepest, 1 + depth(state, target, visiting));
  }
  visiting.delete(objectId);
  return deepest;
}

/**
 * Objects in insertion order: each after the objects its lookups, master-detail and
 * many-to-many fields point to (bundle order among equals; a cycle is broken at the first
 * remaining object, whose links into the cycle then stay empty).
 */
export function insertionOrder(bundle: MetadataBundle): ObjectDef[] {
  const live = bundle.objects.filter((object) => object.state !== 'deleted' && object.deletedAt === undefined);
  const ids = new Set(live.map((object) => object.id));
  const dependencies = new Map(
    live.map((object) => [
      object.id,
      new Set(
        object.fields
          .filter((field) => isLive(field) && (LINK_TYPES.has(field.type) || field.type === 'manyToMany'))
          .map((field) => field.config?.target ?? '')
          .filter((target) => ids.has(target) && target !== object.id),
      ),
    ]),
  );
  const ordered: ObjectDef[] = [];
  const done = new Set<string>();
  while (ordered.length < live.length) {
    const remaining = live.filter((object) => !done.has(object.id));
    const next = remaining.find((object) => [...(dependencies.get(object.id) ?? [])].every((target) => done.has(target))) ?? remaining[0];
    if (next === undefined) break;
    ordered.push(next);
    done.add(next.id);
  }
  return ordered;
}

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

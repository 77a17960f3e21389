import { graphqlTypeName } from '@atrium/metadata';
import type { TenantModel } from '../model/tenant-model.ts';

/** The component schema names of one object (`Opportunity`, `OpportunityInput`...). */
export interface ObjectComponentNames {
  /** The record as returned. */
  type: string;
  /** Fields a create takes. */
  input: string;
  /** Fields a patch takes (none required). */
  updateInput: string;
  /** A page of records: `{data, hasMore, nextCursor, totalCount}`. */
  list: string;
  /** The filter grammar on the object (closed: unknown keys are refused). */
  filter: string;
  /** The filter's conditions, open, to be combined (a lookup's target adds `isNull`). */
  conditions: string;
  /** `{some, every, none}` over related records of the object. */
  listFilter: string;
}

const SUFFIXES: ReadonlyArray<[keyof ObjectComponentNames, string]> = [
  ['input', 'Input'],
  ['updateInput', 'UpdateInput'],
  ['list', 'List'],
  ['filter', 'Filter'],
  ['conditions', 'Conditions'],
  ['listFilter', 'ListFilter'],
];

/**
 * Component names are allocated once per document: objects' own type names first (they are the
 * names clients see most), then their derived names, then the shared components. A name already
 * taken gets `_2`, `_3`... (an object `dealList` next to `deal` makes deal's list `DealList_2`).
 */
export class ComponentNames {
  private readonly taken = new Set<string>();
  private readonly shared = new Map<string, string>();
  readonly objects = new Map<string, ObjectComponentNames>();

  constructor(model: TenantModel, sharedNames: readonly string[]) {
    const bases = new Map<string, string>();
    for (const object of model.objects.values()) bases.set(object.apiName, this.claim(graphqlTypeName(object.apiName)));
    for (const [apiName, type] of bases) {
      const names = { type } as ObjectComponentNames;
      for (const [key, suffix] of SUFFIXES) names[key] = this.claim(`${type}${suffix}`);
      this.objects.set(apiName, names);
    }
    for (const name of sharedNames) this.shared.set(name, this.claim(name));
  }

  /** The names of an object's components. */
  of(apiName: string): ObjectComponentNames {
    const names = this.objects.get(apiName);
    if (!names) throw new Error(`no component names for object ${apiName}`);
    return names;
  }

  /** The name a shared component (`Problem`, `StringFilter`...) ended up with. */
  sharedName(name: string): string {
    const allocated = this.shared.get(name);
    if (!allocated) throw new Error(`shared component ${name} was not declared`);
    return allocated;
  }

  private claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}_${n}`;
    this.taken.add(name);
    return name;
  }
}

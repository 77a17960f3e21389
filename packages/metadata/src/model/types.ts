/**
 * The metadata model: what a tenant's admins define (objects, fields, layouts, pipelines,
 * validation rules). Every element carries a stable `id`; bundles and diffs match by id, so a
 * rename stays a rename. Physical names (`table`, `columns`) are chosen once by the platform
 * when the element is created and never change afterwards.
 */

/** A stable identifier of a metadata element (object, field, option, stage, rule, layout...). */
export type ElementId = string;

/** Labels per locale; `en` is always present, `zh-CN` is the second shipped locale. */
export interface Labels {
  en: string;
  'zh-CN'?: string;
  [locale: string]: string | undefined;
}

/** json-logic rule (https://jsonlogic.com); evaluated by json-logic-js or compiled to SQL. */
export type JsonLogic = boolean | number | string | null | JsonLogic[] | { [op: string]: JsonLogic };

export const FIELD_TYPES = [
  'text',
  'longText',
  'richText',
  'email',
  'phone',
  'url',
  'integer',
  'number',
  'currency',
  'percent',
  'boolean',
  'date',
  'datetime',
  'picklist',
  'multiPicklist',
  'lookup',
  'masterDetail',
  'manyToMany',
  'user',
  'autoNumber',
  'formula',
  'address',
  'json',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** What the API serves for a field while follow-up work runs (DESIGN.md §2). */
export type FieldState = 'active' | 'building' | 'converting' | 'deleted';

export interface PicklistOption {
  id: ElementId;
  /** The stored value (stable across label changes). */
  value: string;
  label: Labels;
  color?: string;
  /** Inactive options stay valid for existing records but are not offered for new input. */
  inactive?: boolean;
}

export type OnDelete = 'restrict' | 'setNull' | 'cascade';

/** Type-specific settings; which keys apply depends on `FieldDef.type`. */
export interface FieldConfig {
  /** text, email, phone, url: maximum length in characters. */
  maxLength?: number;
  /** number, currency, percent: total digits and digits after the point. */
  precision?: number;
  scale?: number;
  /** currency: the ISO 4217 code used when a record gives none. */
  defaultCurrency?: string;
  /** picklist, multiPicklist. */
  options?: PicklistOption[];
  /** lookup, masterDetail, manyToMany: the target object's id. */
  target?: ElementId;
  /** lookup: what deleting the target does to this record (masterDetail is always cascade). */
  onDelete?: OnDelete;
  /** lookup, masterDetail, manyToMany: API name of the reverse relation on the target. */
  relationName?: string;
  /** autoNumber: display format such as `CASE-{0000}`. */
  displayFormat?: string;
  /** autoNumber: first number. */
  startAt?: number;
  /** formula: the expression and its result type. */
  expression?: JsonLogic;
  resultType?: 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime' | 'currency' | 'percent';
}

export interface FieldDef {
  id: ElementId;
  apiName: string;
  type: FieldType;
  label: Labels;
  description?: string;
  helpText?: Labels;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  /** A constant default value for new records (in the record-value shape of the type). */
  default?: unknown;
  config?: FieldConfig;
  /** Physical columns by part (`value` for one-column types; `amount`/`currency` etc. for composites). Assigned by the platform. */
  columns?: Record<string, string>;
  /** manyToMany: the junction table, assigned by the platform. */
  junctionTable?: string;
  state?: FieldState;
  /** Set when the field was deleted (set aside); purged 30 days later. */
  deletedAt?: string;
  /** A type change in progress: the new type's columns are filled by a backfill job. */
  conversion?: FieldConversion;
}

export interface FieldConversion {
  fromType: FieldType;
  toType: FieldType;
  fromConfig?: FieldConfig;
  /** The columns holding the old type's values until the conversion completes. */
  fromColumns: Record<string, string>;
  jobId?: string;
}

export interface ObjectOptions {
  /** Record field history for tracked fields (the audit trail of record changes). */
  trackHistory?: boolean;
  /** Field API names whose changes are tracked when `trackHistory` is on (all fields when absent). */
  trackedFields?: string[];
  /** Allow reports and search to include this object. */
  searchable?: boolean;
}

export interface ObjectDef {
  id: ElementId;
  /** camelCase singular API name (`salesOrder`). */
  apiName: string;
  /** camelCase plural API name, different from `apiName` (`salesOrders`). */
  pluralApiName: string;
  label: Labels;
  pluralLabel: Labels;
  description?: string;
  /** API name of the field that names a record (a text field). */
  nameField: string;
  options?: ObjectOptions;
  fields: FieldDef[];
  /** Physical table, assigned by the platform at creation. */
  table?: string;
  state?: 'active' | 'deleted';
  deletedAt?: string;
}

export interface LayoutSection {
  id: ElementId;
  label: Labels;
  /** 1 to 4 columns. */
  columns: number;
  /** Field API names in reading order (row by row). */
  fields: string[];
  collapsed?: boolean;
}

export interface RelatedList {
  id: ElementId;
  /** The child object's id and the lookup field (API name) on it pointing here. */
  object: ElementId;
  field: string;
  /** Columns shown (field API names of the child). */
  columns: string[];
  label?: Labels;
}

export interface LayoutDef {
  id: ElementId;
  object: ElementId;
  apiName: string;
  label: Labels;
  sections: LayoutSection[];
  relatedLists: RelatedList[];
  /** The layout used when none is chosen explicitly. */
  isDefault?: boolean;
}

export type StageCategory = 'open' | 'won' | 'lost';

export interface PipelineStage {
  id: ElementId;
  /** The picklist option value this stage stands for. */
  value: string;
  label: Labels;
  category: StageCategory;
  /** Win probability, 0..100. */
  probability: number;
  /** json-logic over the record that must hold to enter the stage (e.g. required fields). */
  entryCondition?: JsonLogic;
  /** Message shown when `entryCondition` fails. */
  entryMessage?: Labels;
}

export interface PipelineDef {
  id: ElementId;
  object: ElementId;
  apiName: string;
  label: Labels;
  /** API name of the picklist field whose values are the stages. */
  field: string;
  /** Stages in order. */
  stages: PipelineStage[];
  /** When several pipelines share an object: json-logic selecting the records this pipeline applies to. */
  appliesWhen?: JsonLogic;
  isDefault?: boolean;
}

export interface ValidationRuleDef {
  id: ElementId;
  object: ElementId;
  apiName: string;
  description?: string;
  /** json-logic that must be true for a record to be saved. */
  condition: JsonLogic;
  errorMessage: Labels;
  /** API name of the field the error attaches to (none: the record as a whole). */
  field?: string;
  active?: boolean;
}

/** A tenant's complete metadata, as exported and applied by `atrium meta export|apply`. */
export interface MetadataBundle {
  /** Format marker. */
  atrium: 'metadata-bundle';
  formatVersion: 1;
  objects: ObjectDef[];
  layouts: LayoutDef[];
  pipelines: PipelineDef[];
  validationRules: ValidationRuleDef[];
}

export function emptyBundle(): MetadataBundle {
  return { atrium: 'metadata-bundle', formatVersion: 1, objects: [], layouts: [], pipelines: [], validationRules: [] };
}

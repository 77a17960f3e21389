import { type FieldDef, fieldType, type ObjectDef } from '@atrium/metadata';
import { integerLiteral } from './sql-literal.ts';
import { derivedName, qualified, quoteIdent } from './sql-names.ts';

/** System columns on every object table (DESIGN.md §3); `id` is a uuid v7 from the application. */
export const SYSTEM_COLUMNS: ReadonlyArray<{ name: string; ddl: string }> = [
  { name: 'id', ddl: 'uuid primary key' },
  { name: 'owner_id', ddl: 'uuid' },
  { name: 'created_at', ddl: 'timestamptz not null default now()' },
  { name: 'created_by', ddl: 'uuid' },
  { name: 'updated_at', ddl: 'timestamptz not null default now()' },
  { name: 'updated_by', ddl: 'uuid' },
  { name: 'deleted_at', ddl: 'timestamptz' },
  { name: 'row_version', ddl: 'integer not null default 1' },
];
export const systemColumnNames = SYSTEM_COLUMNS.map((c) => c.name);

/** A field's columns with their SQL types, in the registry's order. */
export function fieldColumns(field: FieldDef): Array<{ part: string; column: string; sqlType: string }> {
  const columns = field.columns ?? {};
  return fieldType(field.type)
    .columns(field)
    .map((spec) => {
      const column = columns[spec.part];
      if (!column) throw new Error(`field "${field.apiName}" has no physical column for part "${spec.part}"`);
      return { part: spec.part, column, sqlType: spec.sqlType };
    });
}

/** The column a field's NOT NULL check, foreign key and indexes apply to (the first part). */
export function primaryColumn(field: FieldDef): string | undefined {
  return fieldColumns(field)[0]?.column;
}

export const isRelationToOne = (field: FieldDef): boolean => field.type === 'lookup' || field.type === 'masterDetail' || field.type === 'user';
export const isEffectivelyRequired = (field: FieldDef): boolean => field.required === true || field.type === 'masterDetail';

export const requiredCheckName = (table: string, field: FieldDef): string => derivedName(table, primaryColumn(field) ?? field.apiName, 'required');
export const foreignKeyName = (table: string, field: FieldDef): string => derivedName(table, primaryColumn(field) ?? field.apiName, 'fkey');
export const uniqueIndexName = (table: string, field: FieldDef): string => derivedName(table, primaryColumn(field) ?? field.apiName, 'key');
export const plainIndexName = (table: string, field: FieldDef): string => derivedName(table, primaryColumn(field) ?? field.apiName, 'idx');
export const sequenceName = (table: string, field: FieldDef): string => derivedName(table, primaryColumn(field) ?? field.apiName, 'seq');

/** A new object's table: system columns, then the columns of its fields. */
export function createTableDdl(schema: string, table: string, fields: FieldDef[] = []): string {
  const columns = [
    ...SYSTEM_COLUMNS.map((c) => `  ${quoteIdent(c.name)} ${c.ddl}`),
    ...fields.flatMap((f) => fieldColumns(f).map((c) => `  ${quoteIdent(c.column)} ${c.sqlType}`)),
  ].join(',\n');
  return `create table ${qualified(schema, table)} (\n${columns}\n)`;
}

export function addColumnsDdl(schema: string, table: string, field: FieldDef): string[] {
  const columns = fieldColumns(field);
  if (columns.length === 0) return [];
  // Nullable, no default: adding such a column never rewrites the table.
  const adds = columns.map((c) => `add column ${quoteIdent(c.column)} ${c.sqlType}`).join(', ');
  return [`alter table ${qualified(schema, table)} ${adds}`];
}

/** NOT NULL as a CHECK; `notValid` on populated tables (validated by a job). */
export function requiredCheckDdl(schema: string, table: string, field: FieldDef, notValid: boolean): string {
  const column = primaryColumn(field);
  if (!column) throw new Error(`field "${field.apiName}" has no column to require`);
  return `alter table ${qualified(schema, table)} add constraint ${quoteIdent(requiredCheckName(table, field))} check (${quoteIdent(column)} is not null)${notValid ? ' not valid' : ''}`;
}

/** The lookup's foreign key; soft delete means PostgreSQL's own ON DELETE never fires (DESIGN.md §3). */
export function foreignKeyDdl(schema: string, table: string, field: FieldDef, targetSchema: string, targetTable: string, notValid: boolean): string {
  const column = primaryColumn(field);
  if (!column) throw new Error(`field "${field.apiName}" has no column for a foreign key`);
  return (
    `alter table ${qualified(schema, table)} add constraint ${quoteIdent(foreignKeyName(table, field))} ` +
    `foreign key (${quoteIdent(column)}) references ${qualified(targetSchema, targetTable)} ("id")${notValid ? ' not valid' : ''}`
  );
}

export function dropConstraintDdl(schema: string, table: string, name: string): string {
  return `alter table ${qualified(schema, table)} drop constraint if exists ${quoteIdent(name)}`;
}

/** Unique among live records only: soft-deleted rows keep their values (DESIGN.md §3). */
export function uniqueIndexDdl(schema: string, table: string, field: FieldDef, concurrently: boolean): string {
  const column = primaryColumn(field);
  if (!column) throw new Error(`field "${field.apiName}" has no column to index`);
  return `create unique index${concurrently ? ' concurrently' : ''} if not exists ${quoteIdent(uniqueIndexName(table, field))} on ${qualified(schema, table)} (${quoteIdent(column)}) where "deleted_at" is null`;
}

export function plainIndexDdl(schema: string, table: string, field: FieldDef, concurrently: boolean): string {
  const column = primaryColumn(field);
  if (!column) throw new Error(`field "${field.apiName}" has no column to index`);
  return `create index${concurrently ? ' concurrently' : ''} if not exists ${quoteIdent(plainIndexName(table, field))} on ${qualified(schema, table)} (${quoteIdent(column)})`;
}

export function dropIndexDdl(schema: string, name: string): string {
  return `drop index if exists ${qualified(schema, name)}`;
}

/** autoNumber values come from a sequence on insert, never from a volatile column default. */
export function createSequenceDdl(schema: string, table: string, field: FieldDef): string {
  const start = field.config?.startAt ?? 1;
  return `create sequence if not exists ${qualified(schema, sequenceName(table, field))} start with ${integerLiteral(start)}`;
}

export function createJunctionTableDdl(schema: string, junction: string, sourceTable: string, targetTable: string): string[] {
  return [
    `create table ${qualified(schema, junction)} (\n` +
      `  "source_id" uuid not null references ${qualified(schema, sourceTable)} ("id"),\n` +
      `  "target_id" uuid not null references ${qualified(schema, targetTable)} ("id"),\n` +
      `  "created_at" timestamptz not null default now(),\n` +
      `  "created_by" uuid,\n` +
      `  primary key ("source_id", "target_id")\n)`,
    `create index ${quoteIdent(derivedName(junction, 'target_id', 'idx'))} on ${qualified(schema, junction)} ("target_id")`,
  ];
}

export function objectDisplayName(object: ObjectDef): string {
  return object.apiName;
}

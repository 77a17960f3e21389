/**
 * The field-type table of docs/metadata.md, generated from the registry in @atrium/metadata.
 * Print it with `node --import tsx tests/docs/field-type-table.ts` and paste it into the page;
 * `metadata-doc.test.ts` fails when the page and the registry disagree.
 */
import { pathToFileURL } from 'node:url';
import { FIELD_TYPES, type FieldConfig, type FieldDef, type FieldType, fieldType } from '@atrium/metadata';

/** The smallest valid config of each type (the table shows what a field gets by default). */
const minimalConfig: Partial<Record<FieldType, FieldConfig>> = {
  picklist: { options: [] },
  multiPicklist: { options: [] },
  lookup: { target: 'obj_target', onDelete: 'setNull' },
  masterDetail: { target: 'obj_target' },
  manyToMany: { target: 'obj_target' },
  autoNumber: { displayFormat: 'N-{0000}' },
  formula: { expression: null, resultType: 'text' },
};

export const FIELD_TYPE_TABLE_HEADER = ['type', 'columns (part → PostgreSQL)', 'GraphQL output / input / filter', 'filter operators', 'widget', 'can be'];

const code = (s: string) => `\`${s}\``;

/** One row per field type, cells as they appear in the page. */
export function fieldTypeRows(): string[][] {
  return FIELD_TYPES.map((type) => {
    const field: FieldDef = { id: 'fld_x', apiName: 'x', type, label: { en: 'X' }, ...(minimalConfig[type] ? { config: minimalConfig[type] } : {}) };
    const module = fieldType(type);
    const columns = module.columns(field);
    const graphql = module.graphql(field);
    const formula = type === 'formula';
    const abilities = [
      module.readOnly ? 'read-only' : '',
      module.supports.required ? 'required' : '',
      module.supports.unique ? 'unique' : '',
      module.supports.indexed ? 'indexed' : '',
      module.supports.default ? 'default' : '',
    ].filter(Boolean);
    return [
      code(type),
      columns.length === 0
        ? type === 'manyToMany'
          ? 'none (junction table)'
          : 'none (computed)'
        : columns.map((c) => `${c.part} → ${code(c.sqlType)}`).join(', '),
      formula ? 'by `resultType`' : [graphql.output, graphql.input ?? '—', graphql.filter ?? '—'].map((t) => (t === '—' ? t : code(t))).join(' / '),
      formula ? 'by `resultType`' : module.filterOperators.join(', '),
      code(module.widget),
      abilities.join(', ') || '—',
    ];
  });
}

export function fieldTypeTable(): string {
  const rows = [FIELD_TYPE_TABLE_HEADER, FIELD_TYPE_TABLE_HEADER.map(() => '---'), ...fieldTypeRows()];
  return rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${fieldTypeTable()}\n`);

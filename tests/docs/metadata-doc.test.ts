import { readFileSync } from 'node:fs';
import { FIELD_TYPES, metadataChangeRequestSchema } from '@atrium/metadata';
import { describe, expect, it } from 'vitest';
import { FIELD_TYPE_TABLE_HEADER, fieldTypeRows } from './field-type-table.ts';

const doc = readFileSync(new URL('../../docs/metadata.md', import.meta.url), 'utf8');

/** The rows of the generated field-type table in the page, cells trimmed (formatting may pad them). */
function documentedRows(): string[][] {
  const start = doc.indexOf('<!-- field-types:start -->');
  const end = doc.indexOf('<!-- field-types:end -->');
  expect(start, 'docs/metadata.md has no field-types markers').toBeGreaterThan(-1);
  return doc
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    )
    .filter((cells) => !cells.every((c) => /^:?-+:?$/.test(c)));
}

describe('docs/metadata.md', () => {
  it('has a row for every field type in the registry', () => {
    const types = documentedRows()
      .slice(1)
      .map((cells) => cells[0]);
    for (const type of FIELD_TYPES) expect(types, `docs/metadata.md has no row for ${type}`).toContain(`\`${type}\``);
    expect(types).toHaveLength(FIELD_TYPES.length);
  });

  it('says what the registry says about each type (regenerate with `node --import tsx tests/docs/field-type-table.ts`)', () => {
    const [header, ...rows] = documentedRows();
    expect(header).toEqual(FIELD_TYPE_TABLE_HEADER);
    const generated = fieldTypeRows().map((cells) => cells.map((c) => c || '—'));
    expect(rows).toEqual(generated);
  });

  it('describes every metadata operation', () => {
    const operations = metadataChangeRequestSchema.properties.operations.items.properties.op.enum;
    for (const op of operations) expect(doc, `docs/metadata.md does not mention ${op}`).toContain(`\`${op}\``);
  });

  it('is linked from the README', () => {
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain('(docs/metadata.md)');
  });
});

import { describe, expect, it } from 'vitest';
import { apiNameProblem, checkApiName, isValidApiName } from './api-name.ts';
import { generateId } from './element-id.ts';
import { allGraphqlNames, objectGraphqlNames } from './graphql-names.ts';
import { fnv1a32, MAX_IDENTIFIER_BYTES, physicalName, toSnakeCase } from './physical-name.ts';
import { reservedFieldNames, reservedObjectNames } from './reserved-names.ts';

describe('API names', () => {
  it('accepts camelCase up to 63 characters', () => {
    for (const name of ['a', 'closeDate', 'salesOrder2', 'case', 'select', `a${'b'.repeat(62)}`]) {
      expect(isValidApiName(name), name).toBe(true);
      expect(checkApiName(name, 'field'), name).toBeNull();
    }
  });

  it('refuses other shapes with INVALID_API_NAME and a clear message', () => {
    for (const name of ['Close Date', 'CloseDate', 'close_date', '1st', 'clöse', '', `a${'b'.repeat(63)}`]) {
      expect(isValidApiName(name), name).toBe(false);
      expect(apiNameProblem(name, 'field')?.code, name).toBe('INVALID_API_NAME');
    }
    expect(checkApiName('Close Date', 'field')).toBe('API name "Close Date" is not camelCase (letters and digits, starting with a lower-case letter)');
    expect(checkApiName(undefined, 'field')).toBe('API name is missing');
  });

  it('reserves system fields, filter keywords, GraphQL names and JS properties for fields', () => {
    for (const name of [
      'id',
      'ownerId',
      'owner',
      'createdAt',
      'createdBy',
      'updatedAt',
      'updatedBy',
      'deletedAt',
      'rowVersion',
      'version',
      'and',
      'or',
      'not',
      'node',
      'edges',
      'pageInfo',
      'totalCount',
      'cursor',
      'aggregate',
      'filter',
      'orderBy',
      'first',
      'after',
      'last',
      'before',
      'query',
      'mutation',
      'subscription',
      'meta',
      'constructor',
      'toString',
    ]) {
      expect(reservedFieldNames.has(name), name).toBe(true);
      expect(apiNameProblem(name, 'field')?.code, name).toBe('RESERVED_API_NAME');
    }
    expect(apiNameProblem('__typename', 'field')?.code).toBe('RESERVED_API_NAME');
    expect(checkApiName('ownerId', 'field')).toMatch(/reserved .* system field/);
    expect(checkApiName('and', 'field')).toMatch(/filter keyword/);
    expect(apiNameProblem('name', 'field')).toBeNull();
    expect(apiNameProblem('status', 'field')).toBeNull();
  });

  it('reserves object names that collide with the generated GraphQL API', () => {
    for (const name of [
      'query',
      'mutation',
      'node',
      'meta',
      'user',
      'users',
      'currency',
      'address',
      'date',
      'dateTime',
      'string',
      'boolean',
      'pageInfo',
      'stringFilter',
      'currencyInput',
    ]) {
      expect(reservedObjectNames.has(name), name).toBe(true);
      expect(apiNameProblem(name, 'object')?.code, name).toBe('RESERVED_API_NAME');
    }
    // Generated names collide: `json` → `JsonFilter`, `id` → `IdFilter`, `idList` → `IdListFilter`.
    for (const name of ['json', 'id', 'idList', 'number', 'picklist', 'jSON', 'bigInt']) {
      expect(apiNameProblem(name, 'object')?.code, name).toBe('RESERVED_API_NAME');
    }
    for (const name of ['account', 'opportunity', 'case', 'order', 'name']) expect(apiNameProblem(name, 'object'), name).toBeNull();
  });

  it('names the GraphQL API of an object', () => {
    const names = objectGraphqlNames({ apiName: 'opportunity', pluralApiName: 'opportunities' });
    expect(names.queries).toEqual({ one: 'opportunity', many: 'opportunities', aggregate: 'opportunitiesAggregate' });
    expect(names.mutations).toEqual({
      create: 'createOpportunity',
      createMany: 'createOpportunities',
      update: 'updateOpportunity',
      delete: 'deleteOpportunity',
      restore: 'restoreOpportunity',
    });
    expect(names.types.connection).toBe('OpportunityConnection');
    expect(allGraphqlNames({ apiName: 'opportunity', pluralApiName: 'opportunities' })).toContain('OpportunityFilter');
  });
});

describe('physical names', () => {
  it('snake-cases API names', () => {
    expect(toSnakeCase('salesOrder')).toBe('sales_order');
    expect(toSnakeCase('closeDate')).toBe('close_date');
    expect(toSnakeCase('HTTPServer2')).toBe('http_server2');
    expect(toSnakeCase('accountIDNumber')).toBe('account_id_number');
    expect(toSnakeCase('annualRevenue_amount')).toBe('annual_revenue_amount');
    expect(toSnakeCase('2fa')).toBe('x_2fa');
    expect(physicalName('amount', new Set(), 'price_')).toBe('price_amount');
  });

  it('appends _2, _3... when taken', () => {
    const taken = new Set<string>();
    const names = ['closeDate', 'closeDate', 'closeDate'].map((n) => {
      const name = physicalName(n, taken);
      taken.add(name);
      return name;
    });
    expect(names).toEqual(['close_date', 'close_date_2', 'close_date_3']);
    expect(physicalName('ownerID', new Set(['id', 'owner_id']))).toBe('owner_id_2');
  });

  it('stays within 63 bytes with a hash suffix, unique even for long shared prefixes', () => {
    const long = `a${'Verylongname'.repeat(5)}`.slice(0, 63);
    const other = `${long.slice(0, 62)}X`;
    const taken = new Set<string>();
    const results: string[] = [];
    for (const name of [long, other, long, long]) {
      const result = physicalName(name, taken);
      taken.add(result);
      results.push(result);
    }
    for (const result of results) {
      expect(new TextEncoder().encode(result).length).toBeLessThanOrEqual(MAX_IDENTIFIER_BYTES);
      expect(result).toMatch(/^[a-z][a-z0-9_]*$/);
    }
    expect(new Set(results).size).toBe(4);
    expect(results[0]).toMatch(/_[0-9a-f]{6}$/);
    expect(results[0]).not.toBe(results[1]); // different hashes
    expect(results[2]).toMatch(/_[0-9a-f]{6}_2$/);
    expect(results[3]).toMatch(/_[0-9a-f]{6}_3$/);
    expect(physicalName(long, new Set())).toBe(results[0]); // stable
  });

  it('hashes with FNV-1a', () => {
    expect(fnv1a32('')).toBe('811c9dc5');
    expect(fnv1a32('a')).toBe('e40c292c');
    expect(fnv1a32('foobar')).toBe('bf9cf968');
  });
});

describe('element ids', () => {
  it('are prefix + 20 base32 characters, random', () => {
    const id = generateId('fld');
    expect(id).toMatch(/^fld_[a-z2-7]{20}$/);
    expect(generateId('obj_')).toMatch(/^obj_[a-z2-7]{20}$/);
    const ids = new Set(Array.from({ length: 1000 }, () => generateId('x')));
    expect(ids.size).toBe(1000);
  });
});

/**
 * The CRM bundle's rules in SQL: formula fields (expectedRevenue, revenuePerEmployee, isHot),
 * validation rules and pipeline stage entry conditions, each against generated records of its
 * object, must agree with json-logic-js — as values and as conditions.
 */
import type { FieldDef, JsonLogic, ObjectDef } from '@atrium/metadata';
import { ruleVariables } from '@atrium/metadata';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmBundle } from '../../../seeds/crm/bundle.ts';
import type { Database } from '../database/database.ts';
import { openTestDatabase } from '../testing/test-database.ts';
import { type AgreementCase, disagreements, rowScope } from './agreement-harness.ts';
import { checkRuleCompilable, compileRule, type SqlType } from './index.ts';

/** The rule type of a record path (`amount.amount`, `stage`...), as the records API shapes values. */
function pathType(object: ObjectDef, path: string): SqlType | undefined {
  const [name, part] = path.split('.');
  const field = object.fields.find((f) => f.apiName === name);
  if (!field) return undefined;
  if (field.type === 'currency') return part === 'amount' ? 'number' : part === 'currency' ? 'text' : undefined;
  if (part !== undefined) return undefined;
  return fieldType(field);
}

function fieldType(field: FieldDef): SqlType | undefined {
  switch (field.type) {
    case 'integer':
    case 'number':
    case 'percent':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'multiPicklist':
      return 'array';
    case 'json':
      return 'json';
    case 'formula': {
      const result = field.config?.resultType ?? 'text';
      return result === 'text' || result === 'boolean' || result === 'date' || result === 'datetime' ? result : 'number';
    }
    case 'address':
    case 'currency':
    case 'manyToMany':
      return undefined;
    default:
      return 'text'; // text-like fields, picklists, lookups (an id), auto-numbers
  }
}

/** Values a field of the type can hold, the interesting ones for the rules. */
function candidates(object: ObjectDef, path: string, type: SqlType): unknown[] {
  const field = object.fields.find((f) => f.apiName === path.split('.')[0]);
  switch (type) {
    case 'number':
      return [null, 0, -5, 0.5, 12.75, 20, 79, 80, 100, 101, 250000.4, 1234567.89];
    case 'boolean':
      return [null, true, false];
    case 'date':
      return [null, '2024-01-31', '2024-12-01'];
    case 'datetime':
      return [null, '2024-03-10T09:00:00.000Z', '2024-03-10T08:59:59.999Z', '2024-03-11T09:00:00.000Z'];
    case 'array':
      return [null, [], ['a', 'b']];
    default: {
      const options = field?.config?.options?.map((o) => o.value) ?? [];
      if (field?.type === 'lookup' || field?.type === 'user') return [null, '018f3c1e-5b7a-7cc1-9d3e-2f0a1b2c3d4e'];
      return [null, '', ...(options.length > 0 ? options : ['Acme', 'a@example.com', '+86 10 1234 5678'])];
    }
  }
}

/** Deterministic records covering the combinations (an LCG picks each field's value). */
function records(object: ObjectDef, paths: string[], types: Record<string, SqlType>, count: number): Record<string, unknown>[] {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  return Array.from({ length: count }, () => {
    const record: Record<string, unknown> = { id: '018f3c1e-0000-7000-8000-000000000001', name: 'Record' };
    for (const path of paths) {
      const options = candidates(object, path, types[path] as SqlType);
      const value = options[next() % options.length];
      const [name, part] = path.split('.') as [string, string | undefined];
      if (part === undefined) record[name] = value;
      // A currency is an object in the API shape, or null when it has no amount.
      else if (part === 'amount') record[name] = value === null ? null : { amount: value, currency: 'CNY' };
    }
    return record;
  });
}

interface ObjectRules {
  object: ObjectDef;
  rules: Array<{ label: string; rule: JsonLogic }>;
}

function rulesByObject(): ObjectRules[] {
  return crmBundle.objects
    .map((object) => {
      const rules: ObjectRules['rules'] = [];
      for (const field of object.fields) {
        if (field.type === 'formula' && field.config?.expression !== undefined)
          rules.push({ label: `formula ${field.apiName}`, rule: field.config.expression });
      }
      for (const rule of crmBundle.validationRules) if (rule.object === object.id) rules.push({ label: `validation ${rule.apiName}`, rule: rule.condition });
      for (const pipeline of crmBundle.pipelines) {
        if (pipeline.object !== object.id) continue;
        if (pipeline.appliesWhen !== undefined) rules.push({ label: `pipeline ${pipeline.apiName} applies`, rule: pipeline.appliesWhen });
        for (const stage of pipeline.stages) {
          if (stage.entryCondition !== undefined) rules.push({ label: `stage ${pipeline.apiName}.${stage.value}`, rule: stage.entryCondition });
        }
      }
      return { object, rules };
    })
    .filter((entry) => entry.rules.length > 0);
}

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase(2);
});

afterAll(async () => {
  await database.close();
});

describe('the CRM bundle rules', () => {
  const all = rulesByObject();

  it('include the formulas, validation rules and stage entry conditions', () => {
    const labels = all.flatMap((entry) => entry.rules.map((r) => r.label));
    expect(labels).toEqual(
      expect.arrayContaining([
        'formula expectedRevenue',
        'formula revenuePerEmployee',
        'formula isHot',
        'stage sales.negotiation',
        'stage leadQualification.qualified',
      ]),
    );
    expect(labels.filter((label) => label.startsWith('validation '))).toHaveLength(crmBundle.validationRules.length);
  });

  for (const { object, rules } of all) {
    it(`agree in SQL and JavaScript on ${object.apiName} (${rules.map((r) => r.label).join(', ')})`, async () => {
      const paths = [...new Set(rules.flatMap(({ rule }) => ruleVariables(rule)))];
      const types: Record<string, SqlType> = {};
      for (const path of paths) {
        const type = pathType(object, path);
        if (!type) throw new Error(`${object.apiName}: no rule type for "${path}"`);
        types[path] = type;
      }
      for (const { label, rule } of rules) expect(checkRuleCompilable(rule, types), label).toEqual([]);
      const rows = records(object, paths, types, 60);
      const cases: AgreementCase[] = rows.flatMap((data) => rules.map(({ rule }) => ({ rule, data, types })));
      expect(await disagreements(database.db as unknown as Kysely<unknown>, cases)).toEqual([]);
    });
  }

  it('type the formulas as their result types', () => {
    const formulas = Object.fromEntries(
      crmBundle.objects.flatMap((object) =>
        object.fields
          .filter((f) => f.type === 'formula')
          .map((f) => {
            const types: Record<string, SqlType> = {};
            for (const path of ruleVariables(f.config?.expression ?? null)) types[path] = pathType(object, path) as SqlType;
            return [f.apiName, compileRule(f.config?.expression ?? null, rowScope(types, {})).type];
          }),
      ),
    );
    expect(formulas).toEqual({ expectedRevenue: 'number', revenuePerEmployee: 'number', isHot: 'boolean' });
  });
});

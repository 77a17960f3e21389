import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { crmBundle } from '../../crm/bundle.ts';
import type { FieldDef, JsonLogic, MetadataBundle, ObjectDef } from '../../crm/model.ts';
import { DEFAULT_COUNTS, type DemoData, generateDemoData } from './generate.ts';
import { ADDRESS_KEYS, idFactory } from './test-support.ts';

const holds = (rule: JsonLogic, record: Record<string, unknown>): boolean => jsonLogic.truthy(jsonLogic.apply(rule as jsonLogic.RulesLogic, record));

function generate(bundle: MetadataBundle = crmBundle, seed = 7, extra: { scale?: number; now?: Date } = {}): DemoData {
  return generateDemoData(bundle, { seed, newId: idFactory(), ...extra });
}

function recordsOf(data: DemoData, apiName: string): Record<string, unknown>[] {
  return data.find((entry) => entry.object === apiName)?.records ?? [];
}

function objectOf(bundle: MetadataBundle, apiName: string): ObjectDef {
  const object = bundle.objects.find((candidate) => candidate.apiName === apiName);
  if (object === undefined) throw new Error(`no object ${apiName}`);
  return object;
}

/** Problems of a value with its field's record-value shape. */
function shapeProblem(field: FieldDef, value: unknown): string | null {
  const options = (field.config?.options ?? []).map((option) => option.value);
  const ok = (() => {
    switch (field.type) {
      case 'text':
      case 'longText':
      case 'richText':
      case 'phone':
        return typeof value === 'string' && value.length > 0 && value.length <= (field.config?.maxLength ?? Number.POSITIVE_INFINITY);
      case 'email':
        return typeof value === 'string' && /^[^@\s]+@[^@\s]+\.[a-z]+$/.test(value);
      case 'url':
        return typeof value === 'string' && URL.canParse(value);
      case 'integer':
        return Number.isSafeInteger(value);
      case 'number':
      case 'percent':
        return typeof value === 'number' && Number.isFinite(value);
      case 'currency':
        return (
          typeof value === 'object' &&
          value !== null &&
          Object.keys(value).sort().join() === 'amount,currency' &&
          typeof (value as { amount: unknown }).amount === 'number' &&
          /^[A-Z]{3}$/.test(String((value as { currency: unknown }).currency))
        );
      case 'boolean':
        return typeof value === 'boolean';
      case 'date':
        return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
      case 'datetime':
        return typeof value === 'string' && new Date(value).toISOString() === value;
      case 'picklist':
        return typeof value === 'string' && options.includes(value);
      case 'multiPicklist':
        return Array.isArray(value) && value.length > 0 && new Set(value).size === value.length && value.every((item) => options.includes(item));
      case 'address':
        return (
          typeof value === 'object' &&
          value !== null &&
          Object.keys(value).every((key) => ADDRESS_KEYS.includes(key)) &&
          Object.values(value).every((part) => typeof part === 'string')
        );
      case 'lookup':
      case 'masterDetail':
      case 'user':
        return typeof value === 'string';
      case 'manyToMany':
        return Array.isArray(value) && value.every((item) => typeof item === 'string');
      case 'json':
        return value !== undefined;
      default:
        return false;
    }
  })();
  return ok ? null : `${field.type} ${JSON.stringify(value)}`;
}

describe('generateDemoData', () => {
  const data = generate();

  it('is deterministic for a seed', () => {
    expect(generate()).toEqual(data);
    expect(generate(crmBundle, 8)).not.toEqual(data);
  });

  it('generates the default counts, parents before children', () => {
    expect(Object.fromEntries(data.map((entry) => [entry.object, entry.records.length]))).toEqual(DEFAULT_COUNTS);
    const order = data.map((entry) => entry.object);
    const before = (parent: string, child: string) => expect(order.indexOf(parent), `${parent} before ${child}`).toBeLessThan(order.indexOf(child));
    before('account', 'contact');
    before('account', 'opportunity');
    before('contact', 'opportunity');
    before('contact', 'case');
    before('opportunity', 'activity');
    before('case', 'activity');
    before('lead', 'activity');
  });

  it('scales the counts', () => {
    const small = generate(crmBundle, 7, { scale: 0.1 });
    expect(recordsOf(small, 'account')).toHaveLength(4);
    expect(recordsOf(small, 'activity')).toHaveLength(15);
  });

  it('gives every record a unique id from newId', () => {
    const ids = data.flatMap((entry) => entry.records.map((record) => record.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses API field names and the record-value shape of each type, and skips read-only fields', () => {
    const problems: string[] = [];
    for (const { object: apiName, records } of data) {
      const object = objectOf(crmBundle, apiName);
      for (const record of records) {
        expect(typeof record.name, apiName).toBe('string');
        for (const [key, value] of Object.entries(record)) {
          if (key === 'id') continue;
          const field = object.fields.find((candidate) => candidate.apiName === key);
          if (field === undefined) {
            problems.push(`${apiName}.${key}: not a field`);
            continue;
          }
          if (field.type === 'formula' || field.type === 'autoNumber') problems.push(`${apiName}.${key}: read-only`);
          const problem = shapeProblem(field, value);
          if (problem !== null) problems.push(`${apiName}.${key}: ${problem}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('links lookups to generated records of the target, generated earlier', () => {
    const seen = new Map<string, string>(); // id -> object id
    const problems: string[] = [];
    for (const { object: apiName, records } of data) {
      const object = objectOf(crmBundle, apiName);
      const links = object.fields.filter((field) => field.type === 'lookup');
      for (const record of records) {
        for (const link of links) {
          const value = record[link.apiName];
          if (value === undefined) continue;
          if (seen.get(String(value)) !== link.config?.target) problems.push(`${apiName}.${link.apiName} = ${String(value)}`);
        }
        seen.set(String(record.id), object.id);
      }
    }
    expect(problems).toEqual([]);
    // Most children have their parents.
    const withAccount = (apiName: string) => recordsOf(data, apiName).filter((record) => record.account !== undefined).length / recordsOf(data, apiName).length;
    expect(withAccount('contact')).toBeGreaterThan(0.85);
    expect(withAccount('opportunity')).toBe(1);
  });

  it('keeps linked records consistent', () => {
    const byId = new Map(data.flatMap((entry) => entry.records.map((record) => [record.id, record] as const)));
    for (const apiName of ['opportunity', 'case', 'activity']) {
      for (const record of recordsOf(data, apiName)) {
        const contactField = apiName === 'opportunity' ? 'primaryContact' : 'contact';
        const contact = record[contactField] === undefined ? undefined : byId.get(record[contactField]);
        if (contact !== undefined && contact.account !== undefined) expect(contact.account, `${apiName} ${String(record.id)}`).toBe(record.account);
      }
    }
    for (const activity of recordsOf(data, 'activity')) {
      const opportunity = activity.opportunity === undefined ? undefined : byId.get(activity.opportunity);
      if (opportunity !== undefined) expect(opportunity.account).toBe(activity.account);
      if (activity.lead !== undefined) expect(activity.account).toBeUndefined();
    }
  });

  it('passes every validation rule and the entry condition of each record’s stage', () => {
    const failures: string[] = [];
    for (const { object: apiName, records } of data) {
      const object = objectOf(crmBundle, apiName);
      const rules = crmBundle.validationRules.filter((rule) => rule.object === object.id);
      const pipelines = crmBundle.pipelines.filter((pipeline) => pipeline.object === object.id);
      for (const record of records) {
        for (const rule of rules) if (!holds(rule.condition, record)) failures.push(`${rule.id}: ${JSON.stringify(record)}`);
        for (const pipeline of pipelines) {
          const stage = pipeline.stages.find((candidate) => candidate.value === record[pipeline.field]);
          if (stage?.entryCondition !== undefined && !holds(stage.entryCondition, record)) failures.push(`${stage.id}: ${JSON.stringify(record)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('fills the pipeline realistically', () => {
    const opportunities = recordsOf(data, 'opportunity');
    const stages = new Set(opportunities.map((record) => record.stage));
    expect([...stages].sort()).toEqual(['closedLost', 'closedWon', 'negotiation', 'proposal', 'prospecting', 'qualification']);
    const probabilities = new Map([
      ['prospecting', 10],
      ['qualification', 20],
      ['proposal', 50],
      ['negotiation', 80],
      ['closedWon', 100],
      ['closedLost', 0],
    ]);
    const now = '2026-01-15';
    for (const record of opportunities) {
      expect(record.probability).toBe(probabilities.get(String(record.stage)));
      if (record.stage === 'closedWon') {
        expect(record.amount).toBeDefined();
        expect(String(record.closeDate) <= now).toBe(true);
      }
      if (record.stage === 'closedLost') expect(record.lossReason).toBeDefined();
      else expect(record.lossReason).toBeUndefined();
    }
    for (const record of recordsOf(data, 'case')) {
      if (record.status === 'closed') expect(record.resolution).toBeDefined();
      else expect(record.closedAt).toBeUndefined();
    }
    for (const record of recordsOf(data, 'activity')) {
      if (record.status === 'completed') expect(String(record.completedAt) <= '2026-01-15T09:00:00.000Z').toBe(true);
      if (record.status === 'planned') expect(record.completedAt).toBeUndefined();
    }
  });

  it('mixes English and Chinese names', () => {
    const names = [...recordsOf(data, 'account'), ...recordsOf(data, 'contact')].map((record) => String(record.name));
    const chinese = names.filter((name) => /[\u4e00-\u9fff]/.test(name));
    expect(chinese.length).toBeGreaterThan(names.length * 0.1);
    expect(chinese.length).toBeLessThan(names.length * 0.6);
    expect(new Set(recordsOf(data, 'account').map((record) => record.name)).size).toBe(40);
    const chineseAccount = recordsOf(data, 'opportunity').find((record) => /[\u4e00-\u9fff]/.test(String(record.name)));
    expect((chineseAccount?.amount as { currency: string } | undefined)?.currency).toBe('CNY');
  });

  it('dates records relative to `now`', () => {
    const later = generate(crmBundle, 7, { now: new Date('2030-06-01T00:00:00.000Z') });
    const closeDates = recordsOf(later, 'opportunity').map((record) => String(record.closeDate ?? '2030'));
    expect(closeDates.every((date) => date >= '2029')).toBe(true);
  });

  it('fills objects and fields it has no recipe for, by field type', () => {
    const bundle = structuredClone(crmBundle);
    const account = objectOf(bundle, 'account');
    account.fields.push(
      {
        id: 'fld_account_region',
        apiName: 'region',
        type: 'picklist',
        label: { en: 'Region' },
        config: {
          options: [
            { id: 'opt_r_apac', value: 'apac', label: { en: 'APAC' } },
            { id: 'opt_r_emea', value: 'emea', label: { en: 'EMEA' } },
          ],
        },
      },
      { id: 'fld_account_credit_limit', apiName: 'creditLimit', type: 'currency', label: { en: 'Credit limit' }, config: { defaultCurrency: 'USD' } },
      { id: 'fld_account_account_manager', apiName: 'accountManager', type: 'user', label: { en: 'Account manager' } },
    );
    bundle.objects.push({
      id: 'obj_project',
      apiName: 'project',
      pluralApiName: 'projects',
      label: { en: 'Project' },
      pluralLabel: { en: 'Projects' },
      nameField: 'name',
      fields: [
        { id: 'fld_project_name', apiName: 'name', type: 'text', label: { en: 'Name' }, required: true },
        {
          id: 'fld_project_account',
          apiName: 'account',
          type: 'masterDetail',
          label: { en: 'Account' },
          config: { target: 'obj_account', relationName: 'projects' },
        },
        {
          id: 'fld_project_members',
          apiName: 'members',
          type: 'manyToMany',
          label: { en: 'Members' },
          config: { target: 'obj_contact', relationName: 'projects' },
        },
        { id: 'fld_project_budget', apiName: 'budget', type: 'number', label: { en: 'Budget' }, config: { precision: 10, scale: 2 } },
        { id: 'fld_project_done', apiName: 'done', type: 'percent', label: { en: 'Done' } },
        { id: 'fld_project_starts', apiName: 'startsOn', type: 'date', label: { en: 'Starts' } },
        { id: 'fld_project_settings', apiName: 'settings', type: 'json', label: { en: 'Settings' } },
        { id: 'fld_project_code', apiName: 'code', type: 'autoNumber', label: { en: 'Code' }, config: { displayFormat: 'PRJ-{000}' } },
      ],
    });
    // A rule the generic generator only meets by retrying.
    bundle.validationRules.push({
      id: 'rule_project_budget',
      object: 'obj_project',
      apiName: 'budgetBelowLimit',
      condition: { or: [{ '==': [{ var: 'budget' }, null] }, { '<': [{ var: 'budget' }, 5000] }] },
      errorMessage: { en: 'Budget too high' },
    });
    const result = generateDemoData(bundle, { seed: 3, newId: idFactory(), userIds: ['0190a000-0000-7000-8000-000000000001'] });
    const projects = recordsOf(result, 'project');
    expect(projects).toHaveLength(20);
    expect(result.map((entry) => entry.object).indexOf('project')).toBeGreaterThan(result.map((entry) => entry.object).indexOf('contact'));
    const accountIds = new Set(recordsOf(result, 'account').map((record) => record.id));
    const contactIds = new Set(recordsOf(result, 'contact').map((record) => record.id));
    for (const project of projects) {
      expect(typeof project.name).toBe('string');
      expect(accountIds.has(project.account)).toBe(true);
      expect(project.code).toBeUndefined();
      for (const member of (project.members as string[] | undefined) ?? []) expect(contactIds.has(member)).toBe(true);
      if (project.budget !== undefined) expect(project.budget as number).toBeLessThan(5000);
    }
    const accounts = recordsOf(result, 'account');
    expect(accounts.some((record) => record.region === 'apac' || record.region === 'emea')).toBe(true);
    expect(accounts.some((record) => record.accountManager === '0190a000-0000-7000-8000-000000000001')).toBe(true);
    expect(accounts.some((record) => typeof (record.creditLimit as { amount?: unknown } | undefined)?.amount === 'number')).toBe(true);
  });

  it('leaves deleted objects and fields out', () => {
    const bundle = structuredClone(crmBundle);
    bundle.objects = bundle.objects.filter((object) => object.apiName !== 'activity');
    const caseObject = objectOf(bundle, 'case');
    caseObject.state = 'deleted';
    const account = objectOf(bundle, 'account');
    for (const field of account.fields) if (field.apiName === 'website') field.state = 'deleted';
    const result = generateDemoData(bundle, { newId: idFactory(), scale: 0.2 });
    expect(result.map((entry) => entry.object)).toEqual(['lead', 'account', 'contact', 'opportunity']);
    expect(recordsOf(result, 'account').some((record) => 'website' in record)).toBe(false);
  });
});

import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import type { FieldDef, JsonLogic, Labels, ObjectDef } from '../crm/model.ts';
import { crmBundle, seedBundles } from './index.ts';

const bundle = crmBundle;
const apply = (rule: JsonLogic, data: unknown): unknown => jsonLogic.apply(rule as jsonLogic.RulesLogic, data);
const holds = (rule: JsonLogic, data: unknown): boolean => jsonLogic.truthy(apply(rule, data));

function objectByApiName(apiName: string): ObjectDef {
  const object = bundle.objects.find((candidate) => candidate.apiName === apiName);
  if (object === undefined) throw new Error(`no object ${apiName}`);
  return object;
}

function objectById(id: string): ObjectDef | undefined {
  return bundle.objects.find((object) => object.id === id);
}

function field(object: ObjectDef, apiName: string): FieldDef | undefined {
  return object.fields.find((candidate) => candidate.apiName === apiName);
}

/** Every id-carrying element of the bundle, with where it is. */
function allIds(): { id: string; where: string }[] {
  const ids: { id: string; where: string }[] = [];
  for (const object of bundle.objects) {
    ids.push({ id: object.id, where: `object ${object.apiName}` });
    for (const f of object.fields) {
      ids.push({ id: f.id, where: `field ${object.apiName}.${f.apiName}` });
      for (const option of f.config?.options ?? []) ids.push({ id: option.id, where: `option ${object.apiName}.${f.apiName}=${option.value}` });
    }
  }
  for (const layout of bundle.layouts) {
    ids.push({ id: layout.id, where: `layout ${layout.apiName}` });
    for (const section of layout.sections) ids.push({ id: section.id, where: `section of ${layout.apiName}` });
    for (const list of layout.relatedLists) ids.push({ id: list.id, where: `related list of ${layout.apiName}` });
  }
  for (const pipeline of bundle.pipelines) {
    ids.push({ id: pipeline.id, where: `pipeline ${pipeline.apiName}` });
    for (const stage of pipeline.stages) ids.push({ id: stage.id, where: `stage ${pipeline.apiName}.${stage.value}` });
  }
  for (const rule of bundle.validationRules) ids.push({ id: rule.id, where: `rule ${rule.apiName}` });
  return ids;
}

/** Every label-like text of the bundle. */
function allLabels(): { labels: Labels | undefined; where: string }[] {
  const labels: { labels: Labels | undefined; where: string }[] = [];
  for (const object of bundle.objects) {
    labels.push({ labels: object.label, where: `object ${object.apiName}` }, { labels: object.pluralLabel, where: `plural of ${object.apiName}` });
    for (const f of object.fields) {
      labels.push({ labels: f.label, where: `field ${object.apiName}.${f.apiName}` });
      if (f.helpText) labels.push({ labels: f.helpText, where: `help of ${object.apiName}.${f.apiName}` });
      for (const option of f.config?.options ?? []) labels.push({ labels: option.label, where: `option ${object.apiName}.${f.apiName}=${option.value}` });
    }
  }
  for (const layout of bundle.layouts) {
    labels.push({ labels: layout.label, where: `layout ${layout.apiName}` });
    for (const section of layout.sections) labels.push({ labels: section.label, where: `section ${section.id}` });
    for (const list of layout.relatedLists) labels.push({ labels: list.label, where: `related list ${list.id}` });
  }
  for (const pipeline of bundle.pipelines) {
    labels.push({ labels: pipeline.label, where: `pipeline ${pipeline.apiName}` });
    for (const stage of pipeline.stages) {
      labels.push({ labels: stage.label, where: `stage ${stage.id}` });
      if (stage.entryCondition !== undefined) labels.push({ labels: stage.entryMessage, where: `entry message of ${stage.id}` });
    }
  }
  for (const rule of bundle.validationRules) labels.push({ labels: rule.errorMessage, where: `rule ${rule.id}` });
  return labels;
}

/** `var` paths a json-logic rule reads. */
function variables(rule: JsonLogic): string[] {
  if (Array.isArray(rule)) return rule.flatMap(variables);
  if (rule === null || typeof rule !== 'object') return [];
  return Object.entries(rule).flatMap(([op, args]) => {
    if (op !== 'var') return variables(args);
    const name = Array.isArray(args) ? args[0] : args;
    return typeof name === 'string' ? [name] : [];
  });
}

/** A record with only a name, and the same record with the fields' defaults applied. */
function nameOnly(object: ObjectDef): Record<string, unknown>[] {
  const withDefaults: Record<string, unknown> = { name: `A ${object.apiName}` };
  for (const f of object.fields) if (f.default !== undefined) withDefaults[f.apiName] = f.default;
  return [{ name: `A ${object.apiName}` }, withDefaults];
}

describe('the CRM bundle', () => {
  it('is installable as the "crm" seed', () => {
    expect(seedBundles.crm).toBe(crmBundle);
    expect(bundle.atrium).toBe('metadata-bundle');
    expect(bundle.formatVersion).toBe(1);
  });

  it('has the six CRM objects with their exact API names', () => {
    expect(bundle.objects.map((object) => [object.apiName, object.pluralApiName])).toEqual([
      ['lead', 'leads'],
      ['account', 'accounts'],
      ['contact', 'contacts'],
      ['opportunity', 'opportunities'],
      ['activity', 'activities'],
      ['case', 'cases'],
    ]);
  });

  it('gives every element an id unique across the whole bundle', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { id, where } of allIds()) {
      expect(id).toMatch(/^[a-z]+_[a-z0-9_]+$/);
      const first = seen.get(id);
      if (first !== undefined) duplicates.push(`${id}: ${first} and ${where}`);
      seen.set(id, where);
    }
    expect(duplicates).toEqual([]);
  });

  it('uses camelCase API names, unique within their object', () => {
    const camel = /^[a-z][a-zA-Z0-9]*$/;
    for (const object of bundle.objects) {
      expect(object.apiName).toMatch(camel);
      expect(object.pluralApiName).toMatch(camel);
      expect(object.pluralApiName).not.toBe(object.apiName);
      const names = object.fields.map((f) => f.apiName);
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) expect(name, `${object.apiName}.${name}`).toMatch(camel);
    }
  });

  it('labels everything in English and Chinese', () => {
    const missing = allLabels()
      .filter(({ labels }) => !labels?.en || !labels['zh-CN'])
      .map(({ where }) => where);
    expect(missing).toEqual([]);
  });

  it('leaves physical names to the platform', () => {
    for (const object of bundle.objects) {
      expect(object.table).toBeUndefined();
      for (const f of object.fields) {
        expect(f.columns, `${object.apiName}.${f.apiName}`).toBeUndefined();
        expect(f.junctionTable).toBeUndefined();
      }
    }
  });

  it('names records by a text field `name`, the only required field', () => {
    for (const object of bundle.objects) {
      expect(object.nameField).toBe('name');
      expect(field(object, 'name')?.type).toBe('text');
      expect(object.fields.filter((f) => f.required).map((f) => f.apiName)).toEqual(['name']);
    }
  });

  it('points every lookup at an object of the bundle, with distinct reverse relation names', () => {
    const reverse = new Map<string, string[]>();
    for (const object of bundle.objects) {
      for (const f of object.fields.filter((candidate) => candidate.type === 'lookup' || candidate.type === 'masterDetail')) {
        const target = objectById(f.config?.target ?? '');
        expect(target, `${object.apiName}.${f.apiName}`).toBeDefined();
        expect(['restrict', 'setNull', 'cascade']).toContain(f.config?.onDelete);
        expect(f.config?.relationName).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        const names = reverse.get(f.config?.target ?? '') ?? [];
        names.push(f.config?.relationName ?? '');
        reverse.set(f.config?.target ?? '', names);
      }
    }
    for (const [targetId, names] of reverse) {
      const target = objectById(targetId) as ObjectDef;
      expect(new Set(names).size, `reverse relations on ${target.apiName}`).toBe(names.length);
      for (const name of names) expect(field(target, name), `${target.apiName}.${name} collides with a field`).toBeUndefined();
    }
  });

  it('has the lookups the CRM needs', () => {
    const lookups = bundle.objects.flatMap((object) =>
      object.fields.filter((f) => f.type === 'lookup').map((f) => `${object.apiName}.${f.apiName}->${objectById(f.config?.target ?? '')?.apiName}`),
    );
    expect(lookups).toEqual(
      expect.arrayContaining([
        'contact.account->account',
        'opportunity.account->account',
        'opportunity.primaryContact->contact',
        'activity.account->account',
        'activity.contact->contact',
        'activity.opportunity->opportunity',
        'case.account->account',
        'case.contact->contact',
      ]),
    );
    expect(lookups.filter((lookup) => lookup.startsWith('lead.'))).toEqual([]);
    for (const apiName of ['account', 'contact', 'opportunity']) {
      expect(field(objectByApiName('activity'), apiName)?.config?.onDelete).toBe('setNull');
    }
  });

  it('configures the field types as the registry expects', () => {
    const types = new Set<string>();
    for (const object of bundle.objects) {
      for (const f of object.fields) {
        types.add(f.type);
        const where = `${object.apiName}.${f.apiName}`;
        if (f.type === 'picklist' || f.type === 'multiPicklist') {
          const values = (f.config?.options ?? []).map((option) => option.value);
          expect(values.length, where).toBeGreaterThan(0);
          expect(new Set(values).size, where).toBe(values.length);
          for (const option of f.config?.options ?? []) expect(option.color, where).toMatch(/^#[0-9a-f]{6}$/);
          if (f.default !== undefined) expect(values, where).toContain(f.default);
        }
        if (f.type === 'currency') expect(f.config, where).toEqual({ defaultCurrency: 'USD', precision: 18, scale: 2 });
        if (f.type === 'formula') {
          expect(Object.keys(f.config ?? {}).sort(), where).toEqual(['expression', 'resultType']);
        }
        if (f.default !== undefined && f.type === 'boolean') expect(typeof f.default).toBe('boolean');
      }
    }
    // A rich mix, so that installing the seed exercises the field-type registry.
    for (const type of [
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
      'autoNumber',
      'formula',
      'address',
      'json',
    ]) {
      expect(types, type).toContain(type);
    }
    expect(field(objectByApiName('case'), 'caseNumber')?.config).toEqual({ displayFormat: 'CASE-{0000}', startAt: 1 });
    expect(field(objectByApiName('account'), 'billingAddress')?.type).toBe('address');
  });

  it('gives stage, status, priority, rating and industry picklists a default', () => {
    for (const object of bundle.objects) {
      for (const f of object.fields) {
        if (f.type === 'picklist' && ['stage', 'status', 'priority', 'rating', 'industry', 'type'].includes(f.apiName)) {
          expect(f.default, `${object.apiName}.${f.apiName}`).toBeDefined();
        }
      }
    }
    expect(field(objectByApiName('opportunity'), 'stage')?.default).toBe('prospecting');
  });

  it('computes the expected revenue of an opportunity', () => {
    const expression = field(objectByApiName('opportunity'), 'expectedRevenue')?.config?.expression as JsonLogic;
    expect(apply(expression, { amount: { amount: 20_000, currency: 'USD' }, probability: 25 })).toBe(5_000);
    expect(apply(expression, { name: 'No amount yet' })).toBeNull();
    expect(apply(expression, { amount: { amount: 20_000 } })).toBeNull();
    const perEmployee = field(objectByApiName('account'), 'revenuePerEmployee')?.config?.expression as JsonLogic;
    expect(apply(perEmployee, { annualRevenue: { amount: 1_000_000 }, numberOfEmployees: 40 })).toBe(25_000);
    expect(apply(perEmployee, { annualRevenue: { amount: 1_000_000 }, numberOfEmployees: 0 })).toBeNull();
    const isHot = field(objectByApiName('lead'), 'isHot')?.config?.expression as JsonLogic;
    expect(apply(isHot, { rating: 'hot' })).toBe(true);
    expect(apply(isHot, { score: 85 })).toBe(true);
    expect(apply(isHot, { name: 'x' })).toBe(false);
  });

  describe('pipelines', () => {
    it('use the options of a picklist of their object as stages, in order', () => {
      expect(bundle.pipelines.map((pipeline) => `${objectById(pipeline.object)?.apiName}.${pipeline.field}`)).toEqual(['opportunity.stage', 'lead.status']);
      for (const pipeline of bundle.pipelines) {
        const object = objectById(pipeline.object) as ObjectDef;
        const picklist = field(object, pipeline.field);
        expect(picklist?.type).toBe('picklist');
        const values = (picklist?.config?.options ?? []).map((option) => option.value);
        expect(pipeline.stages.map((stage) => stage.value)).toEqual(values);
        for (const stage of pipeline.stages) {
          expect(stage.probability).toBeGreaterThanOrEqual(0);
          expect(stage.probability).toBeLessThanOrEqual(100);
        }
      }
    });

    it('run the sales stages from prospecting to closed won or lost', () => {
      const sales = bundle.pipelines.find((pipeline) => pipeline.apiName === 'sales');
      expect(sales?.stages.map((stage) => [stage.value, stage.category, stage.probability])).toEqual([
        ['prospecting', 'open', 10],
        ['qualification', 'open', 20],
        ['proposal', 'open', 50],
        ['negotiation', 'open', 80],
        ['closedWon', 'won', 100],
        ['closedLost', 'lost', 0],
      ]);
      const stage = (value: string) => sales?.stages.find((candidate) => candidate.value === value)?.entryCondition ?? true;
      const won = { name: 'Deal', account: 'a', amount: { amount: 1000, currency: 'USD' }, closeDate: '2026-03-01', stage: 'closedWon' };
      expect(holds(stage('closedWon'), won)).toBe(true);
      expect(holds(stage('closedWon'), { ...won, closeDate: null })).toBe(false);
      expect(holds(stage('closedWon'), { ...won, amount: undefined })).toBe(false);
      expect(holds(stage('proposal'), { name: 'Deal', account: 'a' })).toBe(false);
      expect(holds(stage('closedLost'), { name: 'Deal' })).toBe(false);
      expect(holds(stage('closedLost'), { name: 'Deal', lossReason: 'price' })).toBe(true);
    });

    it('let a record with only a name enter the first stage (the default)', () => {
      for (const pipeline of bundle.pipelines) {
        const object = objectById(pipeline.object) as ObjectDef;
        const first = pipeline.stages[0];
        expect(first?.value).toBe(field(object, pipeline.field)?.default);
        for (const record of nameOnly(object)) expect(holds(first?.entryCondition ?? true, record)).toBe(true);
      }
    });

    it('read only fields of their object', () => {
      for (const pipeline of bundle.pipelines) {
        const object = objectById(pipeline.object) as ObjectDef;
        for (const stage of pipeline.stages) {
          for (const path of variables(stage.entryCondition ?? null)) expect(field(object, path.split('.')[0] ?? ''), `${stage.id}: ${path}`).toBeDefined();
        }
      }
    });
  });

  describe('validation rules', () => {
    it('attach to a field of their object and read only its fields', () => {
      expect(bundle.validationRules.length).toBeGreaterThanOrEqual(5);
      for (const rule of bundle.validationRules) {
        const object = objectById(rule.object);
        expect(object, rule.id).toBeDefined();
        if (rule.field !== undefined) expect(field(object as ObjectDef, rule.field), rule.id).toBeDefined();
        for (const path of variables(rule.condition)) expect(field(object as ObjectDef, path.split('.')[0] ?? ''), `${rule.id}: ${path}`).toBeDefined();
      }
    });

    it('accept a record that has only a name (with or without defaults)', () => {
      for (const rule of bundle.validationRules) {
        const object = objectById(rule.object) as ObjectDef;
        for (const record of nameOnly(object)) expect(holds(rule.condition, record), `${rule.id} on ${JSON.stringify(record)}`).toBe(true);
      }
    });

    it('refuse the records they are written against', () => {
      const rule = (id: string) => bundle.validationRules.find((candidate) => candidate.id === id)?.condition ?? true;
      expect(holds(rule('rule_opportunity_amount_not_negative'), { amount: { amount: -1, currency: 'USD' } })).toBe(false);
      expect(holds(rule('rule_opportunity_amount_not_negative'), { amount: { amount: 0, currency: 'USD' } })).toBe(true);
      expect(holds(rule('rule_opportunity_probability_range'), { probability: 120 })).toBe(false);
      expect(holds(rule('rule_opportunity_lost_needs_reason'), { stage: 'closedLost' })).toBe(false);
      expect(holds(rule('rule_lead_qualified_needs_contact_info'), { status: 'qualified' })).toBe(false);
      expect(holds(rule('rule_lead_qualified_needs_contact_info'), { status: 'qualified', phone: '+1 415-555-0100' })).toBe(true);
      expect(holds(rule('rule_activity_end_after_start'), { startAt: '2026-01-02T10:00:00.000Z', endAt: '2026-01-02T09:00:00.000Z' })).toBe(false);
      expect(holds(rule('rule_case_closed_needs_resolution'), { status: 'closed' })).toBe(false);
      expect(holds(rule('rule_case_escalated_priority'), { escalated: true, priority: 'low' })).toBe(false);
      expect(holds(rule('rule_case_escalated_priority'), { escalated: true, priority: 'urgent' })).toBe(true);
      expect(holds(rule('rule_case_satisfaction_range'), { satisfaction: 0 })).toBe(false);
    });
  });

  describe('layouts', () => {
    it('give each object one default layout that shows all its fields once', () => {
      for (const object of bundle.objects) {
        const layouts = bundle.layouts.filter((layout) => layout.object === object.id);
        expect(
          layouts.filter((layout) => layout.isDefault),
          object.apiName,
        ).toHaveLength(1);
        for (const layout of layouts) {
          const shown = layout.sections.flatMap((section) => section.fields);
          expect(new Set(shown).size, `${layout.apiName} repeats a field`).toBe(shown.length);
          expect([...shown].sort(), layout.apiName).toEqual(object.fields.map((f) => f.apiName).sort());
          for (const section of layout.sections) {
            expect(section.columns).toBeGreaterThanOrEqual(1);
            expect(section.columns).toBeLessThanOrEqual(4);
          }
        }
      }
    });

    it('list related records through lookups that point at the layout object', () => {
      for (const layout of bundle.layouts) {
        for (const list of layout.relatedLists) {
          const child = objectById(list.object);
          expect(child, list.id).toBeDefined();
          const lookup = field(child as ObjectDef, list.field);
          expect(lookup?.type, list.id).toBe('lookup');
          expect(lookup?.config?.target, list.id).toBe(layout.object);
          for (const column of list.columns) expect(field(child as ObjectDef, column), `${list.id}: ${column}`).toBeDefined();
        }
      }
      const account = bundle.layouts.find((layout) => layout.object === 'obj_account');
      expect(account?.relatedLists.map((list) => objectById(list.object)?.apiName)).toEqual(
        expect.arrayContaining(['contact', 'opportunity', 'case', 'activity']),
      );
    });
  });
});

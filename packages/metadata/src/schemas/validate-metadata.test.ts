import { describe, expect, it } from 'vitest';
import type { FieldDef, MetadataBundle } from '../model/types.ts';
import { item } from '../testing/item.ts';
import { sampleAccount, sampleBundle } from '../testing/sample-bundle.ts';
import { createAjv } from './ajv.ts';
import { metaSchemas } from './meta-schemas.ts';
import type { MetadataProblem } from './metadata-problem.ts';
import { validateBundle, validateField, validateLayout, validateObject, validatePipeline, validateValidationRule } from './validate-metadata.ts';

/** Problems of the sample bundle after a change. */
function problemsAfter(change: (bundle: MetadataBundle) => void): MetadataProblem[] {
  const bundle = sampleBundle();
  change(bundle);
  return validateBundle(bundle);
}

function field(bundle: MetadataBundle, object: number, index: number): FieldDef {
  const found = bundle.objects[object]?.fields[index];
  if (!found) throw new Error(`no field ${object}/${index}`);
  return found;
}

/** Asserts exactly one problem with this path and code (and returns it). */
function expectOnly(problems: MetadataProblem[], path: string, code: MetadataProblem['code']): MetadataProblem {
  expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([`${path} ${code}`]);
  return problems[0] as MetadataProblem;
}

describe('the sample bundle', () => {
  it('is valid', () => {
    expect(validateBundle(sampleBundle())).toEqual([]);
  });

  it('meta-schemas compile as standalone documents', () => {
    const ajv = createAjv();
    for (const schema of Object.values(metaSchemas)) expect(() => ajv.compile(schema)).not.toThrow();
  });
});

describe('meta-schema refusals (INVALID_DOCUMENT)', () => {
  it.each<[string, (b: MetadataBundle) => void, string, RegExp]>([
    ['missing label', (b) => delete (b.objects[0] as Partial<MetadataBundle['objects'][0]>).label, '/objects/0/label', /object "account": "label" is required/],
    ['label without en', (b) => ((b.objects[0] as { label: unknown }).label = { 'zh-CN': '客户' }), '/objects/0/label/en', /"label\/en" is required/],
    ['bad locale key', (b) => ((b.objects[0] as { label: unknown }).label = { en: 'A', Klingon: 'x' }), '/objects/0/label/Klingon', /not a known property/],
    [
      'unknown field property',
      (b) => ((field(b, 0, 0) as unknown as Record<string, unknown>).colour = 'red'),
      '/objects/0/fields/0/colour',
      /field "name" of object "account": "colour" is not a known property/,
    ],
    ['unknown field type', (b) => ((field(b, 0, 0) as { type: string }).type = 'string'), '/objects/0/fields/0/type', /"type" must be one of "text"/],
    ['picklist without config', (b) => delete field(b, 0, 2).config, '/objects/0/fields/2/config', /"config" is required/],
    ['picklist without options', (b) => (field(b, 0, 2).config = { options: [] }), '/objects/0/fields/2/config/options', /fewer than 1 items/],
    ['lookup without onDelete', (b) => delete field(b, 0, 5).config?.onDelete, '/objects/0/fields/5/config/onDelete', /is required/],
    [
      'lookup with a bad onDelete',
      (b) => ((field(b, 0, 5).config as Record<string, unknown>).onDelete = 'explode'),
      '/objects/0/fields/5/config/onDelete',
      /must be one of "restrict", "setNull", "cascade"/,
    ],
    [
      'autoNumber without a token',
      (b) => (field(b, 2, 0).config = { displayFormat: 'CASE-0000' }),
      '/objects/2/fields/0/config/displayFormat',
      /must match pattern/,
    ],
    ['formula without resultType', (b) => delete field(b, 1, 7).config?.resultType, '/objects/1/fields/7/config/resultType', /is required/],
    ['precision above 38', (b) => (field(b, 2, 9).config = { precision: 39, scale: 2 }), '/objects/2/fields/9/config/precision', /must be <= 38/],
    ['scale without precision', (b) => (field(b, 2, 9).config = { scale: 2 }), '/objects/2/fields/9/config/scale', /needs "precision" too/],
    [
      'config key of another type',
      (b) => (field(b, 0, 0).config = { maxLength: 10, target: 'obj_account' }),
      '/objects/0/fields/0/config/target',
      /not a known property/,
    ],
    [
      '5 layout columns',
      (b) => ((b.layouts[0]?.sections[0] as { columns: number }).columns = 5),
      '/layouts/0/sections/0/columns',
      /layout "default" of object "account": "sections\/0\/columns" must be <= 4/,
    ],
    [
      'probability 150',
      (b) => ((b.pipelines[0]?.stages[0] as { probability: number }).probability = 150),
      '/pipelines/0/stages/0/probability',
      /stage "prospecting" of pipeline "sales" of object "opportunity": "probability" must be <= 100/,
    ],
    [
      'bad stage category',
      (b) => ((b.pipelines[0]?.stages[0] as { category: string }).category = 'maybe'),
      '/pipelines/0/stages/0/category',
      /must be one of "open", "won", "lost"/,
    ],
    [
      'rule without errorMessage',
      (b) => delete (b.validationRules[0] as Partial<MetadataBundle['validationRules'][0]>).errorMessage,
      '/validationRules/0/errorMessage',
      /validation rule "amountPositive" of object "opportunity": "errorMessage" is required/,
    ],
    ['wrong format marker', (b) => ((b as { atrium: string }).atrium = 'bundle'), '/atrium', /bundle: "atrium" must be "metadata-bundle"/],
    ['required not boolean', (b) => ((field(b, 0, 0) as { required: unknown }).required = 'yes'), '/objects/0/fields/0/required', /must be true or false/],
    ['bad element id', (b) => (field(b, 0, 0).id = 'has space'), '/objects/0/fields/0/id', /must match pattern/],
  ])('%s', (_name, change, path, message) => {
    const problem = expectOnly(problemsAfter(change), path, 'INVALID_DOCUMENT');
    expect(problem.message).toMatch(message);
  });

  it('reports shape problems only, before cross-document checks', () => {
    const problems = problemsAfter((b) => {
      delete (b.objects[0] as Partial<MetadataBundle['objects'][0]>).label;
      field(b, 0, 1).apiName = 'Bad Name';
    });
    expect(problems.map((p) => p.code)).toEqual(['INVALID_DOCUMENT']);
  });

  it('refuses a non-object', () => {
    expect(validateBundle(null as unknown as MetadataBundle)[0]).toMatchObject({ path: '', code: 'INVALID_DOCUMENT' });
  });
});

describe('names', () => {
  it('refuses a field API name that is not camelCase, naming the element', () => {
    const problem = expectOnly(
      problemsAfter((b) => (field(b, 1, 6).apiName = 'Sales Rep')),
      '/objects/1/fields/6/apiName',
      'INVALID_API_NAME',
    );
    expect(problem.message).toBe(
      'field "Sales Rep" of object "opportunity": API name "Sales Rep" is not camelCase (letters and digits, starting with a lower-case letter)',
    );
  });

  it('refuses reserved field names', () => {
    const problem = expectOnly(
      problemsAfter((b) => (field(b, 0, 6).apiName = 'ownerId')),
      '/objects/0/fields/6/apiName',
      'RESERVED_API_NAME',
    );
    expect(problem.message).toMatch(/system field/);
    expectOnly(
      problemsAfter((b) => (field(b, 0, 6).apiName = '__secret')),
      '/objects/0/fields/6/apiName',
      'RESERVED_API_NAME',
    );
  });

  it('refuses reserved object names', () => {
    expectOnly(
      problemsAfter((b) => {
        const ticket = b.objects[2] as MetadataBundle['objects'][0];
        ticket.apiName = 'query';
      }),
      '/objects/2/apiName',
      'RESERVED_API_NAME',
    );
    expectOnly(
      problemsAfter((b) => ((b.objects[2] as { pluralApiName: string }).pluralApiName = 'Tickets')),
      '/objects/2/pluralApiName',
      'INVALID_API_NAME',
    );
  });

  it('refuses a plural equal to the singular', () => {
    const problem = expectOnly(
      problemsAfter((b) => ((b.objects[2] as { pluralApiName: string }).pluralApiName = 'ticket')),
      '/objects/2/pluralApiName',
      'DUPLICATE_NAME',
    );
    expect(problem.message).toMatch(/plural API name must differ/);
  });

  it('refuses duplicate object API names, singular or plural', () => {
    const same = expectOnly(
      problemsAfter((b) => ((b.objects[2] as { apiName: string }).apiName = 'account')),
      '/objects/2/apiName',
      'DUPLICATE_NAME',
    );
    expect(same.message).toBe('object "account": API name "account" is already used by object "account"');
    expectOnly(
      problemsAfter((b) => ((b.objects[2] as { pluralApiName: string }).pluralApiName = 'accounts')),
      '/objects/2/pluralApiName',
      'DUPLICATE_NAME',
    );
    expectOnly(
      problemsAfter((b) => ((b.objects[2] as { pluralApiName: string }).pluralApiName = 'opportunity')),
      '/objects/2/pluralApiName',
      'DUPLICATE_NAME',
    );
  });

  it('refuses objects whose generated GraphQL names collide', () => {
    const problem = expectOnly(
      problemsAfter((b) => {
        const ticket = b.objects[2] as MetadataBundle['objects'][0];
        ticket.apiName = 'accountFilter';
        ticket.pluralApiName = 'accountFilters';
      }),
      '/objects/2/apiName',
      'DUPLICATE_NAME',
    );
    expect(problem.message).toMatch(/GraphQL name "AccountFilter" collides with one of object "account"/);
  });

  it('refuses duplicate field API names', () => {
    const problem = expectOnly(
      problemsAfter((b) => (field(b, 0, 6).apiName = 'website')),
      '/objects/0/fields/6/apiName',
      'DUPLICATE_NAME',
    );
    expect(problem.message).toBe('field "website" of object "account": another field of object "account" has API name "website"');
  });

  it('refuses invalid or colliding relation names', () => {
    expectOnly(
      problemsAfter((b) => (field(b, 1, 5).config = { target: 'obj_account', relationName: 'id' })),
      '/objects/1/fields/5/config/relationName',
      'RESERVED_API_NAME',
    );
    const problem = expectOnly(
      problemsAfter((b) => (field(b, 1, 5).config = { target: 'obj_account', relationName: 'website' })),
      '/objects/1/fields/5/config/relationName',
      'DUPLICATE_NAME',
    );
    expect(problem.message).toMatch(/already a field of object "account"/);
    expectOnly(
      problemsAfter((b) => (field(b, 2, 10).config = { target: 'obj_account', relationName: 'opportunities' })),
      '/objects/2/fields/10/config/relationName',
      'DUPLICATE_NAME',
    );
  });

  it('refuses duplicate layout, pipeline and rule names per object, and duplicate stage values', () => {
    expectOnly(
      problemsAfter((b) => b.layouts.push({ ...structuredClone(item(b.layouts, 0)), id: 'lay_2', isDefault: false, sections: [], relatedLists: [] })),
      '/layouts/1/apiName',
      'DUPLICATE_NAME',
    );
    expectOnly(
      problemsAfter((b) => b.layouts.push({ ...structuredClone(item(b.layouts, 0)), id: 'lay_2', apiName: 'compact', sections: [], relatedLists: [] })),
      '/layouts/1/isDefault',
      'MULTIPLE_DEFAULTS',
    );
    expectOnly(
      problemsAfter((b) => ((b.pipelines[0]?.stages[3] as { value: string }).value = 'proposal')),
      '/pipelines/0/stages/3/value',
      'DUPLICATE_NAME',
    );
    expectOnly(
      problemsAfter((b) => b.validationRules.push({ ...structuredClone(item(b.validationRules, 0)), id: 'rul_2' })),
      '/validationRules/1/apiName',
      'DUPLICATE_NAME',
    );
  });
});

describe('ids', () => {
  it('refuses an element id used twice anywhere', () => {
    const problem = expectOnly(
      problemsAfter((b) => (field(b, 2, 1).id = 'fld_account_name')),
      '/objects/2/fields/1/id',
      'DUPLICATE_ID',
    );
    expect(problem.message).toMatch(/id "fld_account_name" is already used by the element at \/objects\/0\/fields\/0/);
    expectOnly(
      problemsAfter((b) => ((field(b, 2, 6).config?.options?.[0] as { id: string }).id = 'opt_industry_tech')),
      '/objects/2/fields/6/config/options/0/id',
      'DUPLICATE_ID',
    );
    expectOnly(
      problemsAfter((b) => ((b.pipelines[0] as { id: string }).id = 'obj_ticket')),
      '/pipelines/0/id',
      'DUPLICATE_ID',
    );
  });
});

describe('references', () => {
  it('requires the name field to exist and be text', () => {
    expectOnly(
      problemsAfter((b) => ((b.objects[0] as { nameField: string }).nameField = 'title')),
      '/objects/0/nameField',
      'UNKNOWN_FIELD',
    );
    const problem = expectOnly(
      problemsAfter((b) => ((b.objects[0] as { nameField: string }).nameField = 'employees')),
      '/objects/0/nameField',
      'WRONG_FIELD_TYPE',
    );
    expect(problem.message).toMatch(/name field "employees" is a integer field; it must be a text field/);
  });

  it('requires tracked fields to exist', () => {
    expectOnly(
      problemsAfter((b) => ((b.objects[1] as { options: unknown }).options = { trackHistory: true, trackedFields: ['stage', 'nope'] })),
      '/objects/1/options/trackedFields/1',
      'UNKNOWN_FIELD',
    );
  });

  it('requires relation targets to exist', () => {
    const problem = expectOnly(
      problemsAfter((b) => (field(b, 0, 5).config = { target: 'obj_missing', onDelete: 'setNull' })),
      '/objects/0/fields/5/config/target',
      'UNKNOWN_OBJECT',
    );
    expect(problem.message).toBe('field "parent" of object "account": target object "obj_missing" does not exist');
    expectOnly(
      problemsAfter((b) => (field(b, 2, 10).config = { target: 'obj_gone' })),
      '/objects/2/fields/10/config/target',
      'UNKNOWN_OBJECT',
    );
  });

  it('allows at most two master-detail fields per object', () => {
    const problems = problemsAfter((b) => {
      const ticket = b.objects[2] as MetadataBundle['objects'][0];
      for (const [i, target] of ['obj_account', 'obj_opportunity', 'obj_account'].entries()) {
        ticket.fields.push({ id: `fld_md_${i}`, apiName: `master${i}`, type: 'masterDetail', label: { en: 'M' }, config: { target } });
      }
    });
    expectOnly(problems, '/objects/2/fields/15', 'TOO_MANY_MASTER_DETAIL');
  });

  it('requires layouts to name an object and its fields', () => {
    expectOnly(
      problemsAfter((b) => ((b.layouts[0] as { object: string }).object = 'obj_nope')),
      '/layouts/0/object',
      'UNKNOWN_OBJECT',
    );
    const problem = expectOnly(
      problemsAfter((b) => b.layouts[0]?.sections[0]?.fields.push('revenue')),
      '/layouts/0/sections/0/fields/3',
      'UNKNOWN_FIELD',
    );
    expect(problem.message).toBe('layout "default" of object "account": section #0 shows "revenue", which is not a field of object "account"');
    expectOnly(
      problemsAfter((b) => b.layouts[0]?.sections[0]?.fields.push('name')),
      '/layouts/0/sections/0/fields/3',
      'DUPLICATE_NAME',
    );
    expectOnly(
      problemsAfter((b) => ((b.layouts[0]?.relatedLists[0] as { field: string }).field = 'salesRep')),
      '/layouts/0/relatedLists/0/field',
      'WRONG_FIELD_TYPE',
    );
    expectOnly(
      problemsAfter((b) => b.layouts[0]?.relatedLists[0]?.columns.push('nope')),
      '/layouts/0/relatedLists/0/columns/3',
      'UNKNOWN_FIELD',
    );
    expectOnly(
      problemsAfter((b) => ((b.layouts[0]?.relatedLists[0] as { object: string }).object = 'obj_x')),
      '/layouts/0/relatedLists/0/object',
      'UNKNOWN_OBJECT',
    );
  });

  it('treats deleted fields as gone', () => {
    const problem = expectOnly(
      problemsAfter((b) => (field(b, 0, 1).state = 'deleted')),
      '/layouts/0/sections/0/fields/2',
      'UNKNOWN_FIELD',
    );
    expect(problem.message).toMatch(/"website"/);
  });

  it('requires a pipeline field to be a picklist and stages to be its options', () => {
    expectOnly(
      problemsAfter((b) => ((b.pipelines[0] as { field: string }).field = 'closeDate')),
      '/pipelines/0/field',
      'WRONG_FIELD_TYPE',
    );
    expectOnly(
      problemsAfter((b) => ((b.pipelines[0] as { field: string }).field = 'phase')),
      '/pipelines/0/field',
      'UNKNOWN_FIELD',
    );
    expectOnly(
      problemsAfter((b) => ((b.pipelines[0] as { object: string }).object = 'obj_x')),
      '/pipelines/0/object',
      'UNKNOWN_OBJECT',
    );
    const problem = expectOnly(
      problemsAfter((b) => ((b.pipelines[0]?.stages[1] as { value: string }).value = 'negotiation')),
      '/pipelines/0/stages/1/value',
      'UNKNOWN_OPTION',
    );
    expect(problem.message).toBe('stage "negotiation" of pipeline "sales" of object "opportunity": "negotiation" is not an option of picklist "stage"');
    expectOnly(
      problemsAfter((b) => ((b.pipelines[0]?.stages[1] as { entryCondition: unknown }).entryCondition = { var: 'closingDate' })),
      '/pipelines/0/stages/1/entryCondition',
      'UNKNOWN_FIELD',
    );
  });

  it('requires validation rules to name an object and its fields', () => {
    expectOnly(
      problemsAfter((b) => ((b.validationRules[0] as { object: string }).object = 'obj_x')),
      '/validationRules/0/object',
      'UNKNOWN_OBJECT',
    );
    expectOnly(
      problemsAfter((b) => ((b.validationRules[0] as { field: string }).field = 'total')),
      '/validationRules/0/field',
      'UNKNOWN_FIELD',
    );
    const problem = expectOnly(
      problemsAfter((b) => ((b.validationRules[0] as { condition: unknown }).condition = { '>': [{ var: 'amont' }, 0] })),
      '/validationRules/0/condition',
      'UNKNOWN_FIELD',
    );
    expect(problem.message).toBe(
      'validation rule "amountPositive" of object "opportunity": condition refers to "amont", which is not a field of object "opportunity"',
    );
    expectOnly(
      problemsAfter((b) => ((b.validationRules[0] as { condition: unknown }).condition = { regex: ['a', 'b'] })),
      '/validationRules/0/condition',
      'INVALID_RULE',
    );
    expectOnly(
      problemsAfter((b) => ((b.validationRules[0] as { condition: unknown }).condition = { var: { cat: ['am', 'ount'] } })),
      '/validationRules/0/condition',
      'INVALID_RULE',
    );
  });

  it('resolves rule paths through lookups, composites and system fields', () => {
    const withCondition = (condition: unknown) => problemsAfter((b) => ((b.validationRules[0] as { condition: unknown }).condition = condition));
    expect(
      withCondition({
        and: [
          { var: 'account.name' },
          { var: 'account.parent.billingAddress.city' },
          { var: 'amount.currency' },
          { var: 'createdAt' },
          { var: 'owner.email' },
          { var: 'salesRep.name' },
        ],
      }),
    ).toEqual([]);
    expectOnly(withCondition({ var: 'account.nme' }), '/validationRules/0/condition', 'UNKNOWN_FIELD');
    expectOnly(withCondition({ var: 'name.first' }), '/validationRules/0/condition', 'UNKNOWN_FIELD');
    expectOnly(withCondition({ var: 'amount.value' }), '/validationRules/0/condition', 'UNKNOWN_FIELD');
    expectOnly(withCondition({ var: 'createdAt.year' }), '/validationRules/0/condition', 'UNKNOWN_FIELD');
    // Item-scoped variables are not record fields.
    expect(withCondition({ all: [{ var: 'account.name' }, { '>': [{ var: 'anything' }, 0] }] })).toEqual([]);
  });

  it('checks formula references and cycles', () => {
    expectOnly(
      problemsAfter((b) => (field(b, 1, 7).config = { expression: { '*': [{ var: 'amount.amount' }, { var: 'prob' }] }, resultType: 'number' })),
      '/objects/1/fields/7/config/expression',
      'UNKNOWN_FIELD',
    );
    const problem = expectOnly(
      problemsAfter((b) => {
        field(b, 1, 7).config = { expression: { '+': [{ var: 'accountName' }, 1] }, resultType: 'number' };
        field(b, 1, 8).config = { expression: { cat: [{ var: 'weightedAmount' }] }, resultType: 'text' };
      }),
      '/objects/1/fields/7/config/expression',
      'CIRCULAR_FORMULA',
    );
    expect(problem.message).toMatch(/formula depends on itself: opportunity.weightedAmount → opportunity.accountName → opportunity.weightedAmount/);
    expectOnly(
      problemsAfter((b) => (field(b, 1, 7).config = { expression: { var: 'weightedAmount' }, resultType: 'number' })),
      '/objects/1/fields/7/config/expression',
      'CIRCULAR_FORMULA',
    );
  });
});

describe('field settings', () => {
  it('refuses flags the type does not support', () => {
    const problem = expectOnly(
      problemsAfter((b) => (field(b, 1, 7).required = true)),
      '/objects/1/fields/7/required',
      'INVALID_FIELD_CONFIG',
    );
    expect(problem.message).toBe('field "weightedAmount" of object "opportunity": a formula field cannot be required');
    expectOnly(
      problemsAfter((b) => (field(b, 0, 4).unique = true)),
      '/objects/0/fields/4/unique',
      'INVALID_FIELD_CONFIG',
    );
    expectOnly(
      problemsAfter((b) => (field(b, 2, 0).default = 'CASE-0001')),
      '/objects/2/fields/0/default',
      'INVALID_DEFAULT',
    );
  });

  it("runs the type's own checks", () => {
    expectOnly(
      problemsAfter((b) => (field(b, 2, 9).config = { precision: 4, scale: 6 })),
      '/objects/2/fields/9/config',
      'INVALID_FIELD_CONFIG',
    );
    expectOnly(
      problemsAfter((b) => ((field(b, 0, 2).config?.options?.[1] as { value: string }).value = 'tech')),
      '/objects/0/fields/2/config',
      'INVALID_FIELD_CONFIG',
    );
    expectOnly(
      problemsAfter((b) =>
        b.objects[2]?.fields.push({ id: 'fld_self', apiName: 'parentTicket', type: 'masterDetail', label: { en: 'P' }, config: { target: 'obj_ticket' } }),
      ),
      '/objects/2/fields/13/config/target',
      'INVALID_FIELD_CONFIG',
    );
  });

  it('refuses defaults that are not valid values', () => {
    const problem = expectOnly(
      problemsAfter((b) => (field(b, 1, 2).default = 'won')),
      '/objects/1/fields/2/default',
      'INVALID_DEFAULT',
    );
    expect(problem.message).toBe('field "stage" of object "opportunity": default "won" is not one of the options');
    expectOnly(
      problemsAfter((b) => (field(b, 2, 4).default = 'not-an-email')),
      '/objects/2/fields/4/default',
      'INVALID_DEFAULT',
    );
    expectOnly(
      problemsAfter((b) => (field(b, 2, 7).default = 'yes')),
      '/objects/2/fields/7/default',
      'INVALID_DEFAULT',
    );
    expectOnly(
      problemsAfter((b) => (field(b, 0, 3).default = { amount: 5, currency: 'usd' })),
      '/objects/0/fields/3/default',
      'INVALID_DEFAULT',
    );
    expect(problemsAfter((b) => (field(b, 0, 3).default = { amount: 5, currency: 'EUR' }))).toEqual([]);
  });

  it('refuses objects that need more than 1,600 columns', () => {
    const problems = problemsAfter((b) => {
      const ticket = b.objects[2] as MetadataBundle['objects'][0];
      for (let i = 0; i < 320; i++) ticket.fields.push({ id: `fld_addr_${i}`, apiName: `address${i}`, type: 'address', label: { en: 'A' } });
    });
    expectOnly(problems, '/objects/2/fields', 'TOO_MANY_COLUMNS');
  });

  it('accepts 800 fields', () => {
    const bundle = sampleBundle();
    const ticket = bundle.objects[2] as MetadataBundle['objects'][0];
    for (let i = 0; i < 800; i++) ticket.fields.push({ id: `fld_wide_${i}`, apiName: `wide${i}`, type: 'text', label: { en: `W${i}` } });
    expect(validateBundle(bundle)).toEqual([]);
  });
});

describe('per-document validators', () => {
  it('validate an object alone, with paths relative to it', () => {
    const account = sampleAccount();
    expect(validateObject(account)).toEqual([]);
    account.fields.push({ id: 'fld_acc_owner', apiName: 'ownerId', type: 'user', label: { en: 'Owner' } });
    expect(validateObject(account).map((p) => `${p.path} ${p.code}`)).toEqual(['/fields/7/apiName RESERVED_API_NAME']);
  });

  it('validate an object against a bundle (replacing its stored version)', () => {
    const bundle = sampleBundle();
    const account = sampleAccount();
    account.nameField = 'nope';
    expect(validateObject(account, bundle).map((p) => `${p.path} ${p.code}`)).toEqual(['/nameField UNKNOWN_FIELD']);
    const copy = { ...sampleAccount(), id: 'obj_account2' };
    expect(validateObject(copy, bundle).map((p) => p.code)).toContain('DUPLICATE_NAME');
  });

  it('validate a field, a layout, a pipeline and a rule', () => {
    const bundle = sampleBundle();
    const account = bundle.objects[0] as MetadataBundle['objects'][0];
    expect(validateField({ id: 'fld_new', apiName: 'rating', type: 'integer', label: { en: 'Rating' } }, account, bundle)).toEqual([]);
    expect(
      validateField(
        { id: 'fld_new', apiName: 'rating', type: 'lookup', label: { en: 'R' }, config: { target: 'obj_zz', onDelete: 'restrict' } },
        account,
        bundle,
      ).map((p) => `${p.path} ${p.code}`),
    ).toEqual(['/config/target UNKNOWN_OBJECT']);
    const layout = { ...structuredClone(item(bundle.layouts, 0)), apiName: 'Compact' };
    expect(validateLayout(layout, bundle).map((p) => `${p.path} ${p.code}`)).toEqual(['/apiName INVALID_API_NAME']);
    expect(validateLayout({ ...layout, sections: 'x' } as never, bundle)[0]).toMatchObject({ path: '/sections', code: 'INVALID_DOCUMENT' });
    const pipeline = structuredClone(item(bundle.pipelines, 0));
    pipeline.field = 'amount';
    expect(validatePipeline(pipeline, bundle).map((p) => `${p.path} ${p.code}`)).toContain('/field WRONG_FIELD_TYPE');
    const rule = { ...structuredClone(item(bundle.validationRules, 0)), condition: { '==': [{ var: 'x' }, 1] } };
    expect(validateValidationRule(rule, bundle).map((p) => `${p.path} ${p.code}`)).toEqual(['/condition UNKNOWN_FIELD']);
  });
});

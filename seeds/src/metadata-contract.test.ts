/**
 * The seed against `@atrium/metadata`: the bundle passes the platform's own validation, and the
 * demo records pass the record schemas and validation rules the record service applies.
 */
import { checkValidationRules, compileRecordSchema, createRecordValidator, validateBundle } from '@atrium/metadata';
import { describe, expect, it } from 'vitest';
import { idFactory } from './demo/test-support.ts';
import { crmBundle, DEFAULT_NOW, generateDemoData } from './index.ts';

describe('the CRM bundle and @atrium/metadata', () => {
  it('passes validateBundle without problems', () => {
    expect(validateBundle(crmBundle)).toEqual([]);
  });

  it('accepts a record with only a name on every object', () => {
    for (const object of crmBundle.objects) {
      const validator = createRecordValidator(compileRecordSchema(object, crmBundle));
      const result = validator.validate({ name: `A ${object.apiName}` }, 'create');
      expect(result.errors, object.apiName).toEqual([]);
      const rules = crmBundle.validationRules.filter((rule) => rule.object === object.id);
      expect(checkValidationRules(rules, result.record), object.apiName).toEqual([]);
    }
  });

  it('generates demo records that pass the record schemas and validation rules', () => {
    const data = generateDemoData(crmBundle, { seed: 11, newId: idFactory() });
    const failures: string[] = [];
    for (const { object: apiName, records } of data) {
      const object = crmBundle.objects.find((candidate) => candidate.apiName === apiName);
      if (object === undefined) throw new Error(apiName);
      const validator = createRecordValidator(compileRecordSchema(object, crmBundle));
      const rules = crmBundle.validationRules.filter((rule) => rule.object === object.id);
      for (const record of records) {
        const { id, ...input } = record;
        const result = validator.validate(input, 'create');
        for (const error of result.errors) failures.push(`${apiName} ${String(id)}: ${error.field} ${error.message} (${JSON.stringify(input[error.field])})`);
        for (const failure of checkValidationRules(rules, record, { now: DEFAULT_NOW })) failures.push(`${apiName} ${String(id)}: ${failure.rule}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

import type { FieldDef, MetadataBundle, ObjectDef } from '@atrium/metadata';

/** A plausible value of a field for a sample record (the API shape of the type). */
export function sampleValue(field: FieldDef, bundle: MetadataBundle | undefined, today = new Date()): unknown {
  const isoDate = today.toISOString().slice(0, 10);
  switch (field.type) {
    case 'text':
      return `Sample ${field.apiName}`;
    case 'longText':
    case 'richText':
      return `Sample ${field.apiName} text`;
    case 'email':
      return 'someone@example.com';
    case 'phone':
      return '+1 555 0100';
    case 'url':
      return 'https://example.com';
    case 'integer':
      return 10;
    case 'number':
      return 12.5;
    case 'percent':
      return 50;
    case 'currency':
      return { amount: 1000, currency: field.config?.defaultCurrency ?? 'USD' };
    case 'boolean':
      return true;
    case 'date':
      return isoDate;
    case 'datetime':
      return today.toISOString();
    case 'picklist':
      return field.config?.options?.find((o) => !o.inactive)?.value ?? null;
    case 'multiPicklist': {
      const first = field.config?.options?.find((o) => !o.inactive)?.value;
      return first ? [first] : [];
    }
    case 'lookup':
    case 'masterDetail': {
      // Nested, so paths through the lookup (`account.name`) read something.
      const target = bundle?.objects.find((o) => o.id === field.config?.target);
      const record: Record<string, unknown> = { id: '00000000-0000-7000-8000-00000000000a' };
      if (target) record[target.nameField] = `Sample ${target.apiName}`;
      return record;
    }
    case 'manyToMany':
      return [];
    case 'user':
      return '00000000-0000-7000-8000-00000000000b';
    case 'autoNumber':
      return '0001';
    case 'formula':
      return null;
    case 'address':
      return { street: '1 Main Street', city: 'Springfield', state: null, postalCode: '12345', country: 'US' };
    case 'json':
      return {};
  }
}

/** A sample record of an object (every live field with a plausible value), for testing rules and formulas. */
export function sampleRecord(object: ObjectDef, bundle?: MetadataBundle, today = new Date()): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of object.fields) {
    if (field.state === 'deleted' || field.type === 'formula') continue;
    record[field.apiName] = sampleValue(field, bundle, today);
  }
  return record;
}

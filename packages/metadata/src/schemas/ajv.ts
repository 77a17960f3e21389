import type { Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type AddFormats = typeof addFormatsModule.default;
// ajv-formats is CommonJS: depending on the loader its default import is the plugin or its module.
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

export type { Ajv2020 };

/**
 * An Ajv for JSON Schema 2020-12 with ajv-formats and Atrium's `x-atrium` annotation keyword.
 * Strict about unknown keywords and formats; lenient about type-less `properties` in `if`.
 */
export function createAjv(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    ...options,
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-atrium', schemaType: 'object' });
  return ajv;
}

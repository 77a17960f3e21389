/** `@atrium/seeds`: installable metadata bundles and their demo data. */
import { crmBundle } from '../crm/bundle.ts';
import type { MetadataBundle } from '../crm/model.ts';

export { crmBundle } from '../crm/bundle.ts';
export * from './demo/index.ts';

/** Installable bundles by name (`atrium seed crm`). */
export const seedBundles: Record<string, MetadataBundle> = { crm: crmBundle };

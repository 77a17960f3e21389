import { apiNameProblem } from '../../naming/api-name.ts';
import { objectGraphqlNames } from '../../naming/graphql-names.ts';
import { pointer } from '../metadata-problem.ts';
import type { ValidationContext } from '../validation-context.ts';

/**
 * Object API names: camelCase, not reserved, plural different from singular, and no two live
 * objects generating the same GraphQL name (type or root field: `opportunity` and
 * `opportunityFilter` would both define `OpportunityFilter`).
 */
export function checkObjectNames(ctx: ValidationContext): void {
  const owners = new Map<string, string>(); // generated name → owning object's API name
  ctx.bundle.objects.forEach((object, i) => {
    if (object.state === 'deleted') return;
    const subject = `object "${object.apiName}"`;
    const singular = apiNameProblem(object.apiName, 'object');
    if (singular) ctx.add(pointer('objects', i, 'apiName'), singular.code, subject, singular.message);
    const plural = apiNameProblem(object.pluralApiName, 'pluralObject');
    if (plural) ctx.add(pointer('objects', i, 'pluralApiName'), plural.code, subject, `plural ${plural.message}`);
    if (singular || plural) return;
    if (object.pluralApiName === object.apiName) {
      ctx.add(pointer('objects', i, 'pluralApiName'), 'DUPLICATE_NAME', subject, 'the plural API name must differ from the API name');
      return;
    }
    const names = objectGraphqlNames(object);
    const generated: Array<[string, string]> = [
      [names.queries.one, 'apiName'],
      [names.queries.many, 'pluralApiName'],
      ...Object.values(names.types).map((name): [string, string] => [name, 'apiName']),
      [names.queries.aggregate, 'pluralApiName'],
      ...Object.values(names.mutations).map((name): [string, string] => [name, name === names.mutations.createMany ? 'pluralApiName' : 'apiName']),
    ];
    const mine = new Set<string>();
    for (const [name, property] of generated) {
      const owner = owners.get(name);
      if (owner !== undefined) {
        const text =
          name === object.apiName || name === object.pluralApiName
            ? `API name "${name}" is already used by object "${owner}"`
            : `its GraphQL name "${name}" collides with one of object "${owner}"`;
        ctx.add(pointer('objects', i, property), 'DUPLICATE_NAME', subject, text);
        break;
      }
      mine.add(name);
    }
    for (const name of mine) owners.set(name, object.apiName);
  });
}

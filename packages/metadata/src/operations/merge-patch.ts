/**
 * A JSON merge patch (RFC 7386) one level deep, as `updateObject` and `updateField` apply their
 * changes: a member replaces the attribute, a `null` member removes it. Mutates and returns `target`.
 *
 * @example mergePatch({ a: 1, b: 2 }, { b: null, c: 3 }) // → { a: 1, c: 3 }
 */
export function mergePatch<T extends object>(target: T, changes: object): T {
  const record = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete record[key];
    else record[key] = value;
  }
  return target;
}

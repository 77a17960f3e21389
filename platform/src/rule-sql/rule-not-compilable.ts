/** A rule (or part of one) outside the subset of json-logic that compiles to SQL. */
export class RuleNotCompilable extends Error {
  override name = 'RuleNotCompilable';
  /** JSON pointer to the offending part of the rule (`''` for the whole rule, `/and/1/==/0`...). */
  readonly path: string;
  /** The message without the location. */
  readonly reason: string;

  constructor(reason: string, path: string) {
    super(`${reason} (at ${path === '' ? '/' : path})`);
    this.path = path;
    this.reason = reason;
  }
}

/** The pointer of argument `index` of operation `op` under `path` (`index` absent: a single non-array argument). */
export function argPath(path: string, op: string, index?: number): string {
  const token = op.replace(/~/g, '~0').replace(/\//g, '~1');
  return index === undefined ? `${path}/${token}` : `${path}/${token}/${index}`;
}

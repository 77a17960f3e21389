/** A SQL string literal for DDL, where bind parameters cannot be used (e.g. COMMENT, CHECK). */
export function stringLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error('SQL string literal with NUL');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A whole number for DDL (sequence starts); refuses anything else. */
export function integerLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

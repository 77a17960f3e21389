/** The element at `index`, or a thrown error (tests: no non-null assertions). */
export function item<T>(list: readonly T[] | undefined, index: number): T {
  const found = list?.[index];
  if (found === undefined) throw new Error(`no element at index ${index}`);
  return found;
}

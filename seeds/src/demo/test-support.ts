/** Helpers shared by the demo-data tests. */

/** Ids shaped like uuid v7, counting up from 1: the same sequence on every run. */
export function idFactory(): () => string {
  let n = 0;
  return () => `0190a000-0000-7000-8000-${(++n).toString(16).padStart(12, '0')}`;
}

export const ADDRESS_KEYS = ['street', 'city', 'state', 'postalCode', 'country'];

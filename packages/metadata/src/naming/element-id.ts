/** RFC 4648 base32 alphabet, lower case (no 0/1/8/9: ids read unambiguously). */
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Random characters in an id: 20 × 5 = 100 bits. */
export const ELEMENT_ID_RANDOM_LENGTH = 20;

/**
 * A new stable element id: `prefix_` + 20 random base32 characters (`fld_k3jq...`), from
 * `globalThis.crypto.getRandomValues` (browsers and Node alike). Ids are chosen once and never
 * change; bundles and diffs match elements by them.
 */
export function generateId(prefix: string): string {
  const bytes = new Uint8Array(ELEMENT_ID_RANDOM_LENGTH);
  globalThis.crypto.getRandomValues(bytes);
  let random = '';
  for (const byte of bytes) random += BASE32[byte & 31];
  const head = prefix.endsWith('_') || prefix === '' ? prefix : `${prefix}_`;
  return `${head}${random}`;
}

/** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN − 1). */
export const MAX_IDENTIFIER_BYTES = 63;

const encoder = new TextEncoder();

function byteLength(s: string): number {
  return encoder.encode(s).length;
}

/** FNV-1a, 32 bits, as 8 hex digits: a small pure-JS hash (no Node crypto: this package runs in browsers). */
export function fnv1a32(input: string): string {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(input)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * `salesOrder` → `sales_order`, `HTTPServer2` → `http_server2`, `billing_amount` stays.
 * Anything outside `[a-z0-9_]` becomes `_`; a leading digit gets an `x_` prefix.
 */
export function toSnakeCase(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  if (snake === '') return 'x';
  return /^[0-9]/.test(snake) ? `x_${snake}` : snake;
}

/** Cuts a name to at most `bytes` bytes (ASCII after `toSnakeCase`), without a trailing `_`. */
function cut(name: string, bytes: number): string {
  let out = name.slice(0, bytes);
  while (byteLength(out) > bytes) out = out.slice(0, -1);
  return out.replace(/_+$/, '');
}

/** `base` + `suffix` within the byte limit, shortening `base`. */
function withSuffix(base: string, suffix: string): string {
  return `${cut(base, MAX_IDENTIFIER_BYTES - byteLength(suffix))}${suffix}`;
}

/**
 * A readable physical name (table or column) for an API name: snake_case, at most 63 bytes, not
 * in `taken`. A name too long is shortened with a 6-hex-digit hash of the full name
 * (`..._a1b2c3`); a taken name gets `_2`, `_3`... The caller adds the result to `taken` and
 * stores it in metadata: physical names never change afterwards (DESIGN.md §3).
 * `prefix` is prepended as given (`physicalName('amount', taken, 'price_')` → `price_amount`).
 */
export function physicalName(apiName: string, taken: ReadonlySet<string>, prefix = ''): string {
  const full = toSnakeCase(`${prefix}${apiName}`);
  const hash = byteLength(full) > MAX_IDENTIFIER_BYTES ? `_${fnv1a32(full).slice(0, 6)}` : '';
  for (let n = 1; ; n++) {
    const candidate = withSuffix(full, `${hash}${n > 1 ? `_${n}` : ''}`);
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The Content-Security-Policy nonce of this page (the server puts a fresh one in
 * `<meta name="csp-nonce">` and in the `style-src` directive of each response). Styles are only
 * applied from this origin's files or from `<style>` elements carrying the nonce.
 */
export function cspNonce(): string | undefined {
  const value = globalThis.document?.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;
  // `__CSP_NONCE__`: the dev server, which sets no policy.
  return value && !value.startsWith('__') ? value : undefined;
}

/**
 * Gives the nonce to every `<style>` element this app's own code inserts. antd's styles get it
 * through `ConfigProvider csp`; a few helpers of its components (the scrollbar measurement of
 * tables) insert a short-lived `<style>` without one, which the policy would refuse. Only our
 * scripts run on the page (script-src 'self'), so the styles they create are ours to allow.
 */
export function nonceDynamicStyles(nonce = cspNonce()): void {
  if (!nonce || typeof Node === 'undefined') return;
  const mark = (node: unknown) => {
    if (node instanceof HTMLStyleElement && !node.nonce) node.nonce = nonce;
  };
  const append = Node.prototype.appendChild;
  const insert = Node.prototype.insertBefore;
  Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
    mark(node);
    return append.call(this, node) as T;
  };
  Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T {
    mark(node);
    return insert.call(this, node, child) as T;
  };
}

import { AtriumApiError, type ProblemDetail } from './api-error.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const SAFE_METHODS: ReadonlySet<Method> = new Set(['GET']);

export interface TransportOptions {
  /** The server, e.g. `https://crm.example.com` (no trailing slash needed); `''` in a browser page of the same origin. */
  baseUrl: string;
  /** An API key (`atr_...`); browser sessions send cookies instead. */
  apiKey?: string;
  fetch?: typeof fetch;
  /** Browser sessions: whether fetch sends the session cookie (`'same-origin'` is the browser's default; `'include'` across origins). */
  credentials?: RequestCredentials;
  /**
   * Browser sessions: the session's CSRF token (from sign-in or `GET /api/v1/auth/me`), sent as
   * `x-csrf-token` on every request that changes something. A function is read at each request,
   * so a token that changes (a new sign-in) needs no new client.
   */
  csrfToken?: string | (() => string | undefined);
}

/** HTTP with the credential; problem+json answers become AtriumApiError. */
export class Transport {
  private readonly baseUrl: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** `graphqlErrors`: a 400 carrying GraphQL `errors` is returned, not thrown (the caller reads its codes). */
  async request(
    method: Method,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    graphqlErrors = false,
  ): Promise<{ status: number; body: unknown }> {
    const csrf = SAFE_METHODS.has(method) ? undefined : typeof this.options.csrfToken === 'function' ? this.options.csrfToken() : this.options.csrfToken;
    const response = await this.doFetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's HTML error page): keep the status, say what came back.
      if (!response.ok) throw new AtriumApiError('HTTP_ERROR', `HTTP ${response.status}: ${text.slice(0, 200)}`, response.status);
      parsed = text;
    }
    if (graphqlErrors && response.status === 400 && Array.isArray((parsed as { errors?: unknown } | undefined)?.errors))
      return { status: response.status, body: parsed };
    if (!response.ok) {
      const problem = (parsed ?? {}) as { code?: string; detail?: string; title?: string; errors?: ProblemDetail[] };
      throw new AtriumApiError(
        problem.code ?? 'HTTP_ERROR',
        problem.detail ?? problem.title ?? `HTTP ${response.status}`,
        response.status,
        problem.errors ?? [],
      );
    }
    return { status: response.status, body: parsed };
  }
}

import pg from 'pg';
import { CREDENTIALS_CHANNEL, type CredentialChange } from './api-key.ts';

export interface CredentialListenerOptions {
  /** The pool whose connection settings the listener's own client uses (LISTEN holds a connection). */
  pool: pg.Pool;
  /** A key was revoked or deleted; `undefined` when the payload is unreadable (drop everything). */
  onChange(change: CredentialChange | undefined): void;
  /** Notifications may have been missed (connection lost, or back after a loss): drop everything. */
  onReset(): void;
  log?: (line: string) => void;
}

export interface CredentialListener {
  /** False while the connection is down: nothing cached may be trusted then. */
  readonly connected: boolean;
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 10_000;

/**
 * LISTENs on `atrium_credentials` on a dedicated connection (not one of the pool's: a listening
 * connection is held for the process's life). Reconnects with back-off after a loss, reporting a
 * reset both when the connection drops and when it is back.
 */
export async function listenForCredentialChanges(options: CredentialListenerOptions): Promise<CredentialListener> {
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let delay = FIRST_RETRY_MS;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ ...options.pool.options, application_name: `atrium-credentials:${process.pid}`, keepAlive: true });
    next.on('notification', (message) => {
      if (message.channel === CREDENTIALS_CHANNEL) options.onChange(parseChange(message.payload));
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`listen "${CREDENTIALS_CHANNEL}"`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    delay = FIRST_RETRY_MS;
  };

  const lost = (which: pg.Client, error?: Error) => {
    if (which !== client || closed) return;
    client = undefined;
    options.log?.(`credential notifications: connection lost${error ? ` (${error.message})` : ''}; reconnecting`);
    options.onReset();
    which.end().catch(() => {});
    retry();
  };

  const retry = () => {
    timer = setTimeout(() => {
      timer = undefined;
      connect().then(
        () => {
          if (closed) return;
          options.log?.('credential notifications: reconnected');
          options.onReset();
        },
        (error: Error) => {
          if (closed) return;
          options.log?.(`credential notifications: reconnecting failed (${error.message})`);
          retry();
        },
      );
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, LAST_RETRY_MS);
  };

  await connect();
  return {
    get connected() {
      return client !== undefined;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}

function parseChange(payload: string | undefined): CredentialChange | undefined {
  try {
    const value = JSON.parse(payload ?? '') as Partial<CredentialChange>;
    if (typeof value.keyId === 'string' && typeof value.tenantId === 'string' && typeof value.tokenHash === 'string') {
      return { keyId: value.keyId, tenantId: value.tenantId, tokenHash: value.tokenHash };
    }
  } catch {
    // fall through: an unreadable payload drops every cached credential
  }
  return undefined;
}

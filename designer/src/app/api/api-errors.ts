import { AtriumApiError } from '@atrium/client';
import type { Translate } from '../i18n/i18n-context.tsx';
import type { MessageKey } from '../i18n/messages-en.ts';

export { AtriumApiError };

/** Whether an error is the API's answer with this stable code. */
export function hasCode(error: unknown, code: string): boolean {
  return error instanceof AtriumApiError && error.code === code;
}

const KNOWN: Record<string, MessageKey> = {
  FORBIDDEN: 'error.FORBIDDEN',
  NOT_FOUND: 'error.NOT_FOUND',
  CONFLICT: 'error.CONFLICT',
  UNAUTHENTICATED: 'error.UNAUTHENTICATED',
  RATE_LIMITED: 'error.RATE_LIMITED',
  ACCOUNT_LOCKED: 'error.ACCOUNT_LOCKED',
  PASSWORD_CHANGE_REQUIRED: 'error.PASSWORD_CHANGE_REQUIRED',
};

/**
 * What to tell the user about an error: the API's own message (it names the problem precisely),
 * else a translated sentence for the code, else a network message.
 */
export function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof AtriumApiError) {
    if (error.message && !/^HTTP \d+$/.test(error.message)) return error.message;
    const key = KNOWN[error.code];
    return key ? t(key) : error.message;
  }
  if (error instanceof TypeError) return t('app.error.network');
  return error instanceof Error ? error.message : String(error);
}

import type { DeletedItem } from '../support/api.ts';

export type { DeletedItem };

/** How long a deleted object or field keeps its data and can be restored (the platform's window). */
export const RESTORE_WINDOW_DAYS = 30;

/** Whole days left before the purge. */
export function daysLeft(item: Pick<DeletedItem, 'restorableUntil'>, now = new Date()): number {
  return Math.max(0, Math.ceil((Date.parse(item.restorableUntil) - now.getTime()) / 86_400_000));
}

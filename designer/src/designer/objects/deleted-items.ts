import type { Labels } from '@atrium/metadata';

/**
 * Objects and fields deleted from this browser, so they can be restored within the 30-day window.
 * The metadata API's export leaves set-aside elements out, so the designer remembers what it
 * deleted; anything else can be restored by API name.
 */

export const RESTORE_WINDOW_DAYS = 30;

export interface DeletedItem {
  kind: 'object' | 'field';
  /** The object's id (for a field, the object it belongs to). */
  objectId: string;
  objectApiName: string;
  /** The deleted element's id and API name. */
  id: string;
  apiName: string;
  label: Labels;
  deletedAt: string;
}

const KEY = 'atrium.designer.deleted';

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function listDeleted(now = new Date()): DeletedItem[] {
  try {
    const items = JSON.parse(storage()?.getItem(KEY) ?? '[]') as DeletedItem[];
    return items.filter((item) => daysLeft(item, now) > 0);
  } catch {
    return [];
  }
}

function save(items: DeletedItem[]): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(items));
  } catch {
    // not kept: restore by API name still works
  }
}

export function recordDeleted(item: Omit<DeletedItem, 'deletedAt'>, now = new Date()): void {
  save([...listDeleted(now).filter((i) => i.id !== item.id), { ...item, deletedAt: now.toISOString() }]);
}

export function forgetDeleted(id: string): void {
  save(listDeleted().filter((i) => i.id !== id));
}

/** Whole days left before the purge. */
export function daysLeft(item: Pick<DeletedItem, 'deletedAt'>, now = new Date()): number {
  const purgeAt = new Date(item.deletedAt).getTime() + RESTORE_WINDOW_DAYS * 86_400_000;
  return Math.max(0, Math.ceil((purgeAt - now.getTime()) / 86_400_000));
}

import type { FilterCondition, FilterMatch } from './filter-model.ts';

/** A list view a user saved: its columns, filters and sort (kept in this browser). */
export interface SavedView {
  id: string;
  name: string;
  columns: string[];
  conditions: FilterCondition[];
  match: FilterMatch;
  sort?: { field: string; direction: 'ascend' | 'descend' };
}

function key(tenant: string, object: string): string {
  return `atrium.views.${tenant}.${object}`;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function loadViews(tenant: string, object: string): SavedView[] {
  try {
    const raw = storage()?.getItem(key(tenant, object));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as SavedView[]).filter((v) => v && typeof v.id === 'string' && typeof v.name === 'string') : [];
  } catch {
    return [];
  }
}

export function storeViews(tenant: string, object: string, views: SavedView[]): void {
  try {
    storage()?.setItem(key(tenant, object), JSON.stringify(views));
  } catch {
    // storage full or blocked: the views last for this page only
  }
}

/** Adds or replaces a view by id; returns the new list. */
export function upsertView(views: SavedView[], view: SavedView): SavedView[] {
  const i = views.findIndex((v) => v.id === view.id);
  if (i < 0) return [...views, view];
  const next = [...views];
  next[i] = view;
  return next;
}

export function newViewId(): string {
  return `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

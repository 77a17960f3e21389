import type { ObjectDef } from '@atrium/metadata';
import type { FieldAccessLevel, Me, PermissionSummary } from '../session/session-types.ts';

export type RecordAction = 'create' | 'read' | 'update' | 'delete';

export interface ObjectAccess {
  read: boolean;
  create: boolean;
  update: boolean;
  delete: boolean;
  /** Field API name → access; null when unknown (every field counts as visible and editable). */
  fields: Map<string, FieldAccessLevel> | null;
}

const ALL: ObjectAccess = { read: true, create: true, update: true, delete: true, fields: null };

/**
 * What the signed-in user may do with each object, from the best source available:
 * 1. admins (a summary saying `all`, or role `admin`) may do everything;
 * 2. the permission summary of `GET /api/v1/auth/me` (computed by the server from the profile
 *    its queries use): an object it leaves out allows nothing, a field it leaves out is hidden;
 * 3. without one (the server could not load the tenant), what the API has answered so far: an
 *    object whose list is FORBIDDEN is hidden, the fields a record comes back with are the
 *    readable ones, and an action once refused is disabled.
 * A refusal the API answers later still disables the action (a summary a moment old).
 */
export class AccessModel {
  private readonly learned = new Map<string, ObjectAccess>();

  constructor(
    readonly all: boolean,
    private readonly summary: PermissionSummary | undefined,
    private readonly objects: ObjectDef[],
  ) {}

  static of(me: Me | null, objects: ObjectDef[]): AccessModel {
    const summary = me?.permissions;
    const all = summary?.all === true || (summary?.all === undefined && me?.role === 'admin');
    return new AccessModel(all, summary, objects);
  }

  /** Whether the user has a system permission (`export`, `transferOwnership`, `manageUsers`, …). */
  can(permission: string): boolean {
    return this.all || this.summary?.system?.includes(permission) === true;
  }

  /** Whether the user may give records of the object to someone else (transferOwnership, or modifyAll on it). */
  canTransfer(object: ObjectDef): boolean {
    if (this.all || this.can('transferOwnership')) return true;
    const granted = this.summary?.objects?.[object.apiName];
    return granted?.modifyAll === true;
  }

  /** Whether the model already knows enough (no probing needed). */
  get known(): boolean {
    return this.all || this.summary?.objects !== undefined;
  }

  object(object: ObjectDef): ObjectAccess {
    if (this.all) return ALL;
    const fromSummary = this.fromSummary(object);
    const learned = this.learned.get(object.id);
    if (!fromSummary) return learned ?? ALL;
    if (!learned) return fromSummary;
    return {
      read: fromSummary.read && learned.read,
      create: fromSummary.create && learned.create,
      update: fromSummary.update && learned.update,
      delete: fromSummary.delete && learned.delete,
      fields: fromSummary.fields ?? learned.fields,
    };
  }

  canReadField(object: ObjectDef, field: string): boolean {
    const fields = this.object(object).fields;
    return !fields || fields.has(field) || fields.has('*');
  }

  /** Fields of the object the user may read (all of them when unknown). */
  readableFields(object: ObjectDef): string[] {
    return object.fields.filter((f) => f.state !== 'deleted' && this.canReadField(object, f.apiName)).map((f) => f.apiName);
  }

  canEditField(object: ObjectDef, field: string): boolean {
    const access = this.object(object);
    if (!access.update && !access.create) return false;
    if (!access.fields) return true;
    return (access.fields.get(field) ?? access.fields.get('*')) === 'edit';
  }

  /** A copy that knows what one API answer told (immutable, so React sees the change). */
  learn(object: ObjectDef, change: Partial<Omit<ObjectAccess, 'fields'>> & { fieldsSeen?: string[]; notEditable?: string[] }): AccessModel {
    if (this.all) return this;
    const next = new AccessModel(this.all, this.summary, this.objects);
    for (const [id, access] of this.learned) next.learned.set(id, access);
    const current = this.learned.get(object.id) ?? { ...ALL };
    const { fieldsSeen, notEditable, ...flags } = change;
    let fields = current.fields;
    if (!this.fromSummary(object)?.fields) {
      const readOnly = new Set(notEditable ?? [...(fields ?? [])].filter(([, level]) => level === 'read').map(([f]) => f));
      // Fields a record came back with are readable; those a write refused are read-only.
      const seen = fieldsSeen ?? (fields ? [...fields.keys()] : undefined);
      if (seen) fields = new Map(seen.map((f) => [f, readOnly.has(f) ? 'read' : ('edit' as FieldAccessLevel)]));
      else if (readOnly.size) fields = new Map([['*', 'edit' as FieldAccessLevel], ...[...readOnly].map((f) => [f, 'read' as FieldAccessLevel] as const)]);
    }
    next.learned.set(object.id, { ...current, ...flags, fields });
    return next;
  }

  private fromSummary(object: ObjectDef): ObjectAccess | undefined {
    const s = this.summary;
    if (!s?.objects) return undefined;
    // The server lists objects by API name; an object it leaves out allows nothing.
    const granted = s.objects[object.apiName] ?? s.objects[object.id] ?? {};
    const fields = new Map<string, FieldAccessLevel>();
    const byField = granted.fields ?? {};
    for (const [key, level] of Object.entries(byField)) {
      fields.set(key === '*' ? '*' : (object.fields.find((f) => f.id === key)?.apiName ?? key), level);
    }
    // Actions as the API checks them: each one its own flag (modifyAll does not imply update).
    return {
      read: granted.read === true,
      create: granted.create === true,
      update: granted.update === true,
      delete: granted.delete === true,
      fields,
    };
  }
}

import { ALL_SYSTEM_PERMISSIONS, type SystemPermission } from '@atrium/platform';
import type { TenantModel } from '../model/tenant-model.ts';
import { type AccessProfile, type FieldAccess, fieldAccess, hasSystemPermission, type ObjectAction, objectPermissions } from './access-profile.ts';

/** What the caller may do with one object: the actions, and its readable fields by API name. */
export type ObjectSummary = Record<ObjectAction, boolean> & { fields: Record<string, FieldAccess> };

/**
 * What the caller may do in its tenant, as `GET /api/v1/auth/me` reports it (docs/security.md):
 * the system permissions, and per object (by API name) the actions and the fields it may read
 * (`read`) or also write (`edit`). Objects on which it has no action at all are left out, and so
 * are the fields it may not read: what is absent is not allowed. System fields (`id`, `ownerId`,
 * `createdAt`, …) are readable with the object and are not listed.
 */
export interface PermissionSummary {
  /** Every permission on everything (admins, admin API keys). */
  all: boolean;
  system: SystemPermission[];
  objects: Record<string, ObjectSummary>;
}

/**
 * The summary of an access profile against the tenant's current model: the same profile the
 * query compiler turns into SQL, so the summary says what the API will allow. Computed in memory
 * from the cached profile (no query). A field is `edit` when a write may name it (the grant is
 * `edit`, the object allows create or update, and it is not computed: formulas and auto-numbers
 * are never written by clients), `read` when the object and the field are readable.
 */
export function permissionSummary(profile: AccessProfile, model: TenantModel): PermissionSummary {
  const objects: Record<string, ObjectSummary> = {};
  for (const object of model.objects.values()) {
    const actions = objectPermissions(profile, object.def.id);
    if (!Object.values(actions).some(Boolean)) continue;
    const fields: Record<string, FieldAccess> = {};
    const writes = actions.create || actions.update;
    for (const field of object.fields.values()) {
      if (!field.def) continue;
      const access = fieldAccess(profile, object.def.id, field.def.id);
      if (access === 'edit' && writes && !field.readOnly) fields[field.apiName] = 'edit';
      else if (access && actions.read) fields[field.apiName] = 'read';
    }
    objects[object.apiName] = { ...actions, fields };
  }
  return {
    all: profile.all,
    system: ALL_SYSTEM_PERMISSIONS.filter((permission) => hasSystemPermission(profile, permission)),
    objects,
  };
}

/** The answer of `GET /api/v1/auth/me` and of sign-in (docs/security.md). */
export interface Me {
  kind: 'user' | 'apiKey';
  user?: { id: string; email: string; displayName: string };
  tenant: { id: string; key: string; name: string };
  role: string;
  memberships: Array<{ tenant: string; name: string; role: string }>;
  csrfToken?: string;
  expiresAt?: string;
  /** A summary of what the caller may do, when the server provides one (see PermissionSummary). */
  permissions?: PermissionSummary;
}

export type FieldAccessLevel = 'read' | 'edit';

export type ObjectActionName = 'create' | 'read' | 'update' | 'delete' | 'viewAll' | 'modifyAll';

/** What the caller may do with one object: the actions, and the fields it may read or edit. */
export type ObjectPermissionSummary = Partial<Record<ObjectActionName, boolean>> & {
  /** Field API name → read or edit; absent fields are hidden. */
  fields?: Record<string, FieldAccessLevel>;
};

/**
 * What the signed-in user may do, as `GET /api/v1/auth/me` and sign-in report it
 * (docs/security.md, "What the caller may do"): objects by API name; an absent object allows
 * nothing, an absent field is hidden. The workspace hides what is absent and disables what is
 * read-only. Without it (a tenant that could not be loaded), the workspace learns from the API's
 * answers instead (objects whose list is FORBIDDEN are hidden, refused actions are disabled).
 */
export interface PermissionSummary {
  all?: boolean;
  system?: string[];
  objects?: Record<string, ObjectPermissionSummary>;
}

export interface SignInInput {
  email: string;
  password: string;
  tenant?: string;
  /** Replaces the password while signing in (required when an administrator set it). */
  newPassword?: string;
}

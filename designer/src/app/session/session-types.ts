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

/**
 * What the signed-in user may do, by object API name (or object id). The workspace hides what is
 * absent and disables what is read-only. Without it, the workspace learns from the API's answers
 * (objects whose list is FORBIDDEN are hidden, fields missing from records are hidden, refused
 * actions are disabled).
 */
export interface PermissionSummary {
  all?: boolean;
  objects?: Record<string, Partial<Record<'create' | 'read' | 'update' | 'delete' | 'viewAll' | 'modifyAll', boolean>>>;
  /** Per object: field API name (or id) → read or edit; `*` for every field; absent fields are hidden. */
  fields?: Record<string, Record<string, FieldAccessLevel>>;
  system?: string[];
}

export interface SignInInput {
  email: string;
  password: string;
  tenant?: string;
}

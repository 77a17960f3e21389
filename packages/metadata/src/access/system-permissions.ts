/**
 * System permissions a permission set can grant, beyond objects and fields: the one list the
 * server checks and the designer offers.
 */
export const ALL_SYSTEM_PERMISSIONS = [
  'manageMetadata',
  'manageUsers',
  'export',
  'import',
  'transferOwnership',
  'viewAudit',
  'hardDelete',
  'manageSharedViews',
] as const;

export type SystemPermission = (typeof ALL_SYSTEM_PERMISSIONS)[number];

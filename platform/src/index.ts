export { ACCESS_CHANNEL, AccessAdmin, type ObjectGrant, type PermissionSetInput, type Role, type SharingModel } from './access/access-admin.ts';
export { addPermissionSet, announceAccessChange, clearPrincipalRole, removePermissionSet, setPrincipalRole } from './access/principal-grants.ts';
export { applyMetadataChange, applySystemChange, METADATA_CHANNEL, type MetadataChangeResult, parseChangeRequest } from './applier/apply-metadata-change.ts';
export { type AuditEntry, type AuditEvent, recordAudit } from './audit/audit-log.ts';
export { auditRetentionDays, scheduleAuditPurges, setAuditRetentionDays } from './audit/audit-retention.ts';
export { applyOperations } from './changes/apply-operations.ts';
export { exportView, liveView, type SetAsideElement, setAsideElements } from './changes/live-view.ts';
export type { ApiKey, ApiKeyIdentity, ApiKeyRole, CreatedApiKey, CredentialChange } from './credentials/api-key.ts';
export { API_KEY_ROLES, CREDENTIALS_CHANNEL } from './credentials/api-key.ts';
export {
  type CreateApiKeyInput,
  createApiKey,
  findApiKeyByHash,
  findApiKeyByToken,
  listApiKeys,
  recordKeyUse,
  revokeApiKey,
} from './credentials/api-key-service.ts';
export { API_KEY_TOKEN_PREFIX, hashApiKeyToken, isApiKeyTokenShape } from './credentials/api-key-token.ts';
export { type CredentialListener, type CredentialListenerOptions, listenForCredentialChanges } from './credentials/credential-listener.ts';
export { type Database, type DatabaseOptions, openDatabase } from './database/database.ts';
export { atriumHome, workspaceRoot } from './database/embedded/atrium-home.ts';
export type { JobStatus, PlatformTables } from './database/platform-tables.ts';
export { foreignKeyName, primaryColumn, sequenceName, uniqueIndexName } from './ddl/object-table-ddl.ts';
export { derivedName, quoteIdent } from './ddl/sql-names.ts';
export { AccountLockedError, changePassword } from './identity/change-password.ts';
export { addMembership, listMemberships, listTenantMembers, removeMembership, type TenantMember } from './identity/membership-service.ts';
export { DEFAULT_SCRYPT_PARAMS, hashPassword, PASSWORD_MIN_LENGTH, passwordProblem, type ScryptParams, verifyPasswordHash } from './identity/password-hash.ts';
export {
  type CreatedSession,
  DEFAULT_SESSION_IDLE_MS,
  DEFAULT_SESSION_LIFETIME_MS,
  type SessionIdentity,
  type SessionLookupOptions,
} from './identity/session.ts';
export {
  createSession,
  findSession,
  findSessionByHash,
  purgeSessions,
  recordSessionUse,
  revokeSession,
  revokeUserSessions,
  switchTenant,
} from './identity/session-service.ts';
export { generateSessionToken, hashSessionToken, isSessionTokenShape, SESSION_TOKEN_PREFIX } from './identity/session-token.ts';
export { MEMBERSHIP_ROLES, type Membership, type MembershipRole, normalizeEmail, type User } from './identity/user.ts';
export { type CreateUserInput, createUser, disableUser, findUser, type HashOptions, setPassword } from './identity/user-service.ts';
export { DEFAULT_LOCKOUT, type LockoutPolicy, type PasswordCheck, type VerifyOptions, verifyPassword, verifyUserPassword } from './identity/verify-password.ts';
export { newId } from './ids/uuid-v7.ts';
export { runDueJobs, startJobRunner } from './jobs/job-runner.ts';
export { loadBundle } from './metadata/metadata-store.ts';
export { migrateDatabase } from './migrations/migrate.ts';
export type { ChangePlan, JobTask, PlannedJob, PlanStep } from './planner/change-plan.ts';
export { planChanges } from './planner/plan-changes.ts';
export { openPlatform } from './platform.ts';
export { insertRecords } from './records/insert-records.ts';
export { recordToColumns } from './records/record-columns.ts';
export { checkRuleCompilable, compileCondition, compileRule, RuleNotCompilable, type RuleScope, type SqlType, type TypedSql } from './rule-sql/index.ts';
export { installBundle, loadRecords, type RecordBatch } from './seeding/install-bundle.ts';
export type { Tenant } from './tenants/tenant.ts';
export { TENANT_KEY_PATTERN, tenantSchemaName } from './tenants/tenant.ts';
export { ALL_SYSTEM_PERMISSIONS, BUILT_IN, type SystemPermission, TENANT_LAYOUT_VERSION } from './tenants/tenant-layout.ts';
export { createTenant, deleteTenant, findTenant, listTenants, requireServable, upgradeTenantLayouts } from './tenants/tenant-service.ts';

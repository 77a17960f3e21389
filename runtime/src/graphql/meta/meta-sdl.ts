import { FIELD_TYPES } from '@atrium/metadata';
import { ALL_SYSTEM_PERMISSIONS } from '@atrium/platform';

const enumOf = (values: readonly string[]) => values.join(' ');

/**
 * The SDL of `/graphql/meta`: the same for every tenant (nothing in it comes from a tenant's
 * metadata), so one executor serves them all; every resolver works on the caller's tenant only.
 * Enum values are the strings REST uses (`publicRead`, `read`, `queued`), so both APIs answer
 * with the same values. Type-specific settings (a field's `config`, rules, criteria) are `JSON`.
 */
export const META_SDL = `
"""
Any JSON value: a field's type-specific config, a default value, json-logic rules and criteria,
a bundle, a job's payload.
"""
scalar JSON
"An ISO 8601 date and time."
scalar DateTime
"""
Labels per locale, as a JSON object: {"en": "Account", "zh-CN": "客户"} ("en" is required where a label is).
"""
scalar Labels

"A field's type (the field-type registry)."
enum FieldType { ${enumOf(FIELD_TYPES)} }
"What the APIs serve for a field while follow-up work runs."
enum FieldState { active building converting deleted }
"A relation of an object: a lookup or master-detail (toOne), the reverse of one (toMany), or many-to-many."
enum RelationKind { toOne toMany manyToMany }
"A pipeline stage's category."
enum StageCategory { open won lost }
"A follow-up job's state."
enum JobStatus { queued running succeeded failed }
"An org-wide default: who sees and edits records they do not own."
enum SharingModel { private publicRead publicReadWrite }
"Read or edit access, of a sharing rule, a manual share or a field grant."
enum Access { read edit }
"Whom a record is shared with: a user or API key, or a role (and the roles below it)."
enum GranteeKind { user role }
"Whether a member may sign in to the tenant."
enum MemberStatus { active deactivated }
"Whether an API key still authenticates."
enum ApiKeyStatus { active revoked }
"System permissions a permission set can grant."
enum SystemPermission { ${enumOf(ALL_SYSTEM_PERMISSIONS)} }

type Query {
  "The tenant's metadata at its current version (any credential of the tenant)."
  metadata: Metadata!
  "Metadata revisions, newest first: who changed what, with the plan (needs viewAudit)."
  revisions(first: Int = 20, before: Int): [Revision!]!
  "One revision by the version it produced, or null (needs viewAudit)."
  revision(version: Int!): Revision
  "Follow-up jobs of metadata changes (index builds, backfills, purges), newest first, with their progress."
  jobs(status: JobStatus, first: Int = 100): [Job!]!
  "One job by id, or null."
  job(id: ID!): Job

  "Every role, by name (needs manageUsers, like everything below)."
  roles: [Role!]!
  "One role by id, or null."
  role(id: ID!): Role
  "The top of the hierarchy, Company: ask for children { children { … } } to walk the tree."
  roleTree: Role!
  "Every permission set, by name."
  permissionSets: [PermissionSet!]!
  "One permission set by id, or null."
  permissionSet(id: ID!): PermissionSet
  "A user's or API key's role and permission sets, or null when it is not a user or API key of the tenant."
  principal(id: ID!): PrincipalAccess
  "Every object's org-wide default (public read/write when never set)."
  orgWideDefaults: [OrgWideDefault!]!
  "One object's org-wide default (NOT_FOUND for an unknown object)."
  orgWideDefault(object: String!): OrgWideDefault!
  "Sharing rules, of one object when named."
  sharingRules(object: String): [SharingRule!]!
  "Who one record is shared with by hand."
  recordShares(object: String!, recordId: ID!): [RecordShare!]!

  "The tenant's members (its users), by name, with the total for paging (needs manageUsers)."
  users(search: String, status: MemberStatus, first: Int = 200, offset: Int = 0): MemberPage!
  "One member, or null (a user of another tenant too)."
  user(id: ID!): Member
  "The tenant's API keys, newest first."
  apiKeys(status: ApiKeyStatus): [ApiKey!]!
  "One API key, or null."
  apiKey(id: ID!): ApiKey
}

type Mutation {
  """
  Applies metadata operations as one revision (the same as POST /api/v1/meta/changes; see
  docs/metadata.md for the operations). A stale baseVersion is a CONFLICT; with dryRun, returns the
  plan and changes nothing. Needs manageMetadata, like the other metadata mutations.
  """
  applyMetadataChanges(baseVersion: Int!, operations: [JSON!]!, dryRun: Boolean = false): MetadataChangeResult!
  "Creates an object with its fields (the createObject operation)."
  createObject(baseVersion: Int!, object: ObjectInput!, dryRun: Boolean = false): MetadataChangeResult!
  "Adds a field to an object, named by API name or id (the addField operation)."
  addField(baseVersion: Int!, object: String!, field: FieldInput!, dryRun: Boolean = false): MetadataChangeResult!
  "Changes a field's attributes as a merge patch: a null member removes the attribute (the updateField operation)."
  updateField(baseVersion: Int!, object: String!, field: String!, changes: FieldChangesInput!, dryRun: Boolean = false): MetadataChangeResult!
  "Deletes a field: it is set aside and restorable for 30 days (the deleteField operation)."
  deleteField(baseVersion: Int!, object: String!, field: String!, dryRun: Boolean = false): MetadataChangeResult!

  "Creates a role below parentId (default: Company). Needs manageUsers, like every mutation below."
  createRole(input: CreateRoleInput!): Role!
  "Renames a role and/or moves it, with the roles below it, under another parent."
  updateRole(id: ID!, input: UpdateRoleInput!): Role!
  "Deletes a role nothing uses (CONFLICT naming its uses otherwise)."
  deleteRole(id: ID!): Boolean!
  "Gives a user or API key its place in the hierarchy (replacing its role)."
  assignRole(principalId: ID!, roleId: ID!): PrincipalAccess!
  "Takes a user's or API key's role away."
  unassignRole(principalId: ID!): PrincipalAccess!
  "Creates a permission set."
  createPermissionSet(input: PermissionSetInput!): PermissionSet!
  "Replaces a permission set (the whole set again). The built-in Administrator set cannot be changed."
  updatePermissionSet(id: ID!, input: PermissionSetInput!): PermissionSet!
  "Assigns a permission set to a user or API key."
  assignPermissionSet(principalId: ID!, permissionSetId: ID!): PrincipalAccess!
  "Takes a permission set away from a user or API key."
  unassignPermissionSet(principalId: ID!, permissionSetId: ID!): PrincipalAccess!
  "Sets an object's org-wide default."
  setOrgWideDefault(object: String!, sharing: SharingModel!): OrgWideDefault!
  "Creates a sharing rule: records matching the criteria are shared with a role and the roles below it."
  createSharingRule(input: SharingRuleInput!): SharingRule!
  "Deletes a sharing rule."
  deleteSharingRule(id: ID!): Boolean!
  "Shares one record with a user, API key or role; sharing again replaces the access."
  shareRecord(input: ShareInput!): RecordShare!
  "Ends a manual share (NOT_FOUND when there is none)."
  unshareRecord(object: String!, recordId: ID!, granteeId: ID!): Boolean!

  "Adds a user to the tenant: an existing one by email, or a new one with a temporary password (needs manageUsers)."
  addUser(input: AddUserInput!): AddedMember!
  "Changes a member's name, admin flag, role (null: none) and permission sets (the list replaces theirs)."
  updateUser(id: ID!, input: UpdateUserInput!): Member!
  "Ends the member's sessions in the tenant at once and refuses their sign-ins; records and access stay."
  deactivateUser(id: ID!): Member!
  "Lets a deactivated member sign in again."
  reactivateUser(id: ID!): Member!
  "Sets a temporary password (for users of this tenant alone), ends their sessions; they choose a new one at sign-in."
  resetUserPassword(id: ID!, password: String!): Member!
  "Removes a member from the tenant; the user, other tenants and their records stay."
  removeUser(id: ID!): Boolean!
  "Creates an API key: the token is in the answer, this once."
  createApiKey(input: CreateApiKeyInput!): CreatedApiKey!
  "Renames a key, changes its role and permission sets."
  updateApiKey(id: ID!, input: UpdateApiKeyInput!): ApiKey!
  "Revokes a key at once, in every server process."
  revokeApiKey(id: ID!): ApiKey!
}

"A tenant's metadata at one version."
type Metadata {
  "The metadata version: send it as baseVersion with a change."
  version: Int!
  "Live objects (set-aside ones left out), in the order they were created."
  objects: [MetaObject!]!
  "One object by API name or id, or null."
  object(name: String!): MetaObject
  layouts: [Layout!]!
  pipelines: [Pipeline!]!
  validationRules: [ValidationRule!]!
  "Objects and fields set aside by a delete, restorable (restoreObject / restoreField) until purged; oldest first."
  deleted: [SetAsideElement!]!
  "The whole bundle as exported (atrium meta export, GET /api/v1/meta): no physical names or states."
  bundle: JSON!
}

"An object or field set aside by a delete."
type SetAsideElement {
  kind: SetAsideKind!
  "The object's id and API name (for a field, the object it belongs to)."
  objectId: ID!
  objectApiName: String!
  id: ID!
  apiName: String!
  label: Labels!
  deletedAt: DateTime!
  "When the purge job may remove it for good."
  restorableUntil: DateTime!
}

enum SetAsideKind { object field }

"An object: a kind of record, one table in the tenant's schema."
type MetaObject {
  id: ID!
  apiName: String!
  pluralApiName: String!
  label: Labels!
  pluralLabel: Labels!
  description: String
  "API name of the field that names a record."
  nameField: String!
  options: ObjectOptions!
  "Live fields (set-aside ones left out)."
  fields: [MetaField!]!
  "One field by API name or id, or null."
  field(name: String!): MetaField
  "Relations both ways, as the data APIs serve them (lookups, their reverse relations, many-to-many)."
  relations: [Relation!]!
  layouts: [Layout!]!
  pipelines: [Pipeline!]!
  validationRules: [ValidationRule!]!
}

type ObjectOptions {
  trackHistory: Boolean!
  "The tracked fields (all when null)."
  trackedFields: [String!]
  searchable: Boolean!
}

"A field of an object."
type MetaField {
  id: ID!
  apiName: String!
  type: FieldType!
  label: Labels!
  description: String
  helpText: Labels
  required: Boolean!
  unique: Boolean!
  indexed: Boolean!
  "A constant default for new records, in the type's API shape."
  default: JSON
  "The type's own settings (maxLength, options, target, expression, ...; see docs/metadata.md)."
  config: JSON
  "Picklists and multi-picklists: their values."
  options: [PicklistOption!]
  "Lookups, master-detail and many-to-many: the target object's API name."
  target: String
  "active; building while a unique index is built; converting during a type change."
  state: FieldState!
  "A type change in progress."
  conversion: FieldConversion
}

type PicklistOption {
  id: ID!
  value: String!
  label: Labels!
  color: String
  inactive: Boolean!
}

type FieldConversion {
  fromType: FieldType!
  toType: FieldType!
  "The convertField job copying the values."
  jobId: ID
}

"A relation as the data APIs serve it."
type Relation {
  "The name in queries and filters: the field's API name, or the reverse relation's name."
  name: String!
  kind: RelationKind!
  "The related object's API name."
  target: String!
  "The lookup, master-detail or many-to-many field that makes the relation."
  field: String!
  "The object that field belongs to (this object, or the target for a reverse relation)."
  fieldObject: String!
  "Lookups: what deleting the target does (restrict, setNull, cascade)."
  onDelete: String
}

type Layout {
  id: ID!
  "The object's API name."
  object: String!
  objectId: ID!
  apiName: String!
  label: Labels!
  isDefault: Boolean!
  sections: [LayoutSection!]!
  relatedLists: [RelatedList!]!
}

type LayoutSection {
  id: ID!
  label: Labels!
  columns: Int!
  "Field API names in reading order."
  fields: [String!]!
  collapsed: Boolean!
}

type RelatedList {
  id: ID!
  "The child object's API name, and its lookup or master-detail field pointing here."
  object: String!
  objectId: ID!
  field: String!
  columns: [String!]!
  label: Labels
}

type Pipeline {
  id: ID!
  object: String!
  objectId: ID!
  apiName: String!
  label: Labels!
  "The picklist field whose values are the stages."
  field: String!
  isDefault: Boolean!
  "json-logic selecting the records the pipeline applies to."
  appliesWhen: JSON
  stages: [PipelineStage!]!
}

type PipelineStage {
  id: ID!
  value: String!
  label: Labels!
  category: StageCategory!
  probability: Float!
  "json-logic that must hold to enter the stage."
  entryCondition: JSON
  entryMessage: Labels
}

type ValidationRule {
  id: ID!
  object: String!
  objectId: ID!
  apiName: String!
  description: String
  "json-logic that must be true for a record to be saved."
  condition: JSON!
  errorMessage: Labels!
  "The field the message attaches to (none: the record)."
  field: String
  active: Boolean!
}

"What a metadata change does (or would do, for a dry run)."
type ChangePlan {
  baseVersion: Int!
  version: Int!
  steps: [PlanStep!]!
  "DDL run in the change's transaction, in order."
  ddl: [String!]!
  "Follow-up work that runs as jobs."
  jobs: [PlannedJob!]!
  "Some step sets data aside or may lose data."
  destructive: Boolean!
  "Records whose stored data the change touches."
  rowsAffected: Int!
  summary: String!
}

type PlanStep {
  action: String!
  object: String!
  field: String
  description: String!
  destructive: Boolean!
  rowsAffected: Int!
}

"A follow-up job of a plan; id is set once the change is applied and the job enqueued."
type PlannedJob {
  id: ID
  task: String!
  description: String!
  runAt: DateTime
  payload: JSON!
}

type MetadataChangeResult {
  "False for a dry run or a change that changes nothing."
  applied: Boolean!
  "The metadata version after the call."
  version: Int!
  plan: ChangePlan!
  "Jobs enqueued by the change."
  jobs: [PlannedJob!]!
}

"A metadata revision: one applied change."
type Revision {
  "The version it produced."
  version: Int!
  "Who: apiKey:<id>, user:<id>, or system."
  actor: String!
  summary: String!
  createdAt: DateTime!
  "The operations as requested."
  operations: JSON!
  plan: ChangePlan!
}

type Job {
  id: ID!
  task: String!
  status: JobStatus!
  done: Int!
  "0 when unknown."
  total: Int!
  "done / total, from 0 to 1; null when the total is unknown."
  progress: Float
  message: String
  error: String
  attempts: Int!
  runAt: DateTime!
  createdAt: DateTime!
  updatedAt: DateTime!
}

"A role in the hierarchy: callers see the records owned by users in the roles below theirs."
type Role {
  id: ID!
  name: String!
  parentId: ID
  parent: Role
  "The roles right below it, by name."
  children: [Role!]!
  "Company, the top: it may be renamed, not moved or deleted."
  builtIn: Boolean!
  "Users and API keys holding the role."
  holderIds: [ID!]!
}

"A permission set: object actions, field allow-lists, system permissions."
type PermissionSet {
  id: ID!
  name: String!
  description: String
  "The Administrator set: every permission; it cannot be changed."
  builtIn: Boolean!
  objects: [ObjectGrant!]!
  "An allow-list: a field not named is hidden (field * stands for every field)."
  fields: [FieldGrant!]!
  system: [SystemPermission!]!
  "Users and API keys it is assigned to."
  assigneeIds: [ID!]!
  createdAt: DateTime!
  updatedAt: DateTime!
}

type ObjectGrant {
  "The object's API name."
  object: String!
  create: Boolean!
  read: Boolean!
  update: Boolean!
  delete: Boolean!
  viewAll: Boolean!
  modifyAll: Boolean!
}

type FieldGrant {
  object: String!
  "A field's API name, or * for every field."
  field: String!
  access: Access!
}

"A user's or API key's access: its role and permission sets."
type PrincipalAccess {
  id: ID!
  roleId: ID
  role: Role
  permissionSetIds: [ID!]!
  permissionSets: [PermissionSet!]!
}

type OrgWideDefault {
  object: String!
  sharing: SharingModel!
}

type SharingRule {
  id: ID!
  object: String!
  name: String!
  "json-logic over the object's fields (and its lookups' fields)."
  criteria: JSON!
  roleId: ID!
  role: Role
  access: Access!
  createdAt: DateTime!
}

type RecordShare {
  object: String!
  recordId: ID!
  granteeId: ID!
  granteeKind: GranteeKind!
  access: Access!
  "Who shared it."
  createdBy: ID
  createdAt: DateTime
}

type MemberPage {
  "Members matching the search and status, all pages together."
  total: Int!
  nodes: [Member!]!
}

"A member of the tenant (a user), as its administrators see them."
type Member {
  "The user's id: what their records carry as ownerId, createdBy, updatedBy."
  id: ID!
  email: String!
  displayName: String!
  "The tenant's built-in administrator (the Administrator set)."
  admin: Boolean!
  roleId: ID
  role: Role
  permissionSetIds: [ID!]!
  permissionSets: [PermissionSet!]!
  status: MemberStatus!
  deactivatedAt: DateTime
  lastSignInAt: DateTime
  "When they joined the tenant."
  createdAt: DateTime!
  "Their password was set by an administrator: they choose a new one at the next sign-in."
  mustChangePassword: Boolean!
  "Locked out after failed sign-ins, until then."
  lockedUntil: DateTime
}

type AddedMember {
  member: Member!
  "A new Atrium account was made, with the temporary password (Atrium sends no mail)."
  created: Boolean!
}

"An API key of the tenant (never its token)."
type ApiKey {
  "Also the id of the integration user the key acts as."
  id: ID!
  name: String!
  "An admin key: every permission. Fixed at creation."
  admin: Boolean!
  roleId: ID
  role: Role
  permissionSetIds: [ID!]!
  permissionSets: [PermissionSet!]!
  "The token's first characters, to tell keys apart."
  tokenPrefix: String!
  status: ApiKeyStatus!
  "The user or key that created it through the admin APIs (null: the command line)."
  createdBy: ApiKeyCreator
  createdAt: DateTime!
  lastUsedAt: DateTime
  revokedAt: DateTime
}

type ApiKeyCreator {
  id: ID!
  name: String!
}

type CreatedApiKey {
  "The key itself, shown this once: Atrium keeps only its hash."
  token: String!
  apiKey: ApiKey!
}

"An object to create: the same attributes as in a bundle (docs/metadata.md). Ids are generated when left out."
input ObjectInput {
  id: ID
  apiName: String!
  pluralApiName: String!
  label: Labels!
  pluralLabel: Labels!
  description: String
  nameField: String!
  options: ObjectOptionsInput
  fields: [FieldInput!]!
}

input ObjectOptionsInput {
  trackHistory: Boolean
  trackedFields: [String!]
  searchable: Boolean
}

"A field to add: the same attributes as in a bundle."
input FieldInput {
  id: ID
  apiName: String!
  type: FieldType!
  label: Labels!
  description: String
  helpText: Labels
  required: Boolean
  unique: Boolean
  indexed: Boolean
  default: JSON
  config: JSON
}

"A field's changes as a merge patch: a member replaces the attribute, null removes it (config key by key)."
input FieldChangesInput {
  label: Labels
  description: String
  helpText: Labels
  required: Boolean
  unique: Boolean
  indexed: Boolean
  default: JSON
  config: JSON
}

input CreateRoleInput {
  name: String!
  "Default: Company."
  parentId: ID
}

input UpdateRoleInput {
  name: String
  parentId: ID
}

input PermissionSetInput {
  name: String!
  description: String
  objects: [ObjectGrantInput!]
  "An allow-list: fields not named are hidden (field * grants every field)."
  fields: [FieldGrantInput!]
  system: [SystemPermission!]
}

input ObjectGrantInput {
  object: String!
  create: Boolean
  read: Boolean
  update: Boolean
  delete: Boolean
  viewAll: Boolean
  modifyAll: Boolean
}

input FieldGrantInput {
  object: String!
  field: String!
  access: Access!
}

input AddUserInput {
  email: String!
  "For a new user (default: the email's local part)."
  displayName: String
  "For a new user: the temporary password they replace at their first sign-in."
  password: String
  admin: Boolean
  "null: no role; left out: Company for admins, none for others."
  roleId: ID
  permissionSetIds: [ID!]
}

input UpdateUserInput {
  displayName: String
  admin: Boolean
  "null takes the role away."
  roleId: ID
  permissionSetIds: [ID!]
}

input CreateApiKeyInput {
  name: String!
  admin: Boolean
  roleId: ID
  permissionSetIds: [ID!]
}

input UpdateApiKeyInput {
  name: String
  "null takes the role away."
  roleId: ID
  permissionSetIds: [ID!]
}

input SharingRuleInput {
  "The object's API name."
  object: String!
  name: String!
  "json-logic in the subset that compiles to SQL."
  criteria: JSON!
  roleId: ID!
  "Default: read."
  access: Access
}

input ShareInput {
  object: String!
  recordId: ID!
  "A user or API key (granteeKind user, the default) or a role."
  granteeId: ID!
  granteeKind: GranteeKind
  "Default: read."
  access: Access
}
`;

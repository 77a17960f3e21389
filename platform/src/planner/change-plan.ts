/** What a metadata change will do, shown before it is applied (`dryRun`) and stored with its revision. */
export interface ChangePlan {
  /** The metadata version the change is based on, and the version it produces. */
  baseVersion: number;
  version: number;
  steps: PlanStep[];
  /** DDL run inside the metadata transaction, in order. */
  ddl: string[];
  /** Follow-up work that must not run inside the transaction. */
  jobs: PlannedJob[];
  /** Some step sets data aside or may lose data: the designer asks for confirmation. */
  destructive: boolean;
  /** Records whose stored data the change touches (existing rows of altered tables). */
  rowsAffected: number;
  summary: string;
}

export type PlanAction =
  | 'createObject'
  | 'updateObject'
  | 'renameObject'
  | 'deleteObject'
  | 'restoreObject'
  | 'addField'
  | 'updateField'
  | 'renameField'
  | 'changeFieldType'
  | 'deleteField'
  | 'restoreField'
  | 'requireField'
  | 'unrequireField'
  | 'addUniqueness'
  | 'dropUniqueness'
  | 'addIndex'
  | 'dropIndex'
  | 'saveLayout'
  | 'deleteLayout'
  | 'savePipeline'
  | 'deletePipeline'
  | 'saveValidationRule'
  | 'deleteValidationRule';

export interface PlanStep {
  action: PlanAction;
  /** API name of the object (and field) concerned. */
  object: string;
  field?: string;
  description: string;
  destructive: boolean;
  rowsAffected: number;
}

export type JobTask = 'validateConstraint' | 'buildIndex' | 'convertField' | 'numberRecords' | 'purgeField' | 'purgeObject' | 'purgeAudit';

export interface PlannedJob {
  task: JobTask;
  description: string;
  payload: JobPayload;
  /** Run no earlier than this (purges run 30 days after the delete). */
  runAt?: string;
}

export interface JobPayload {
  objectId: string;
  fieldId?: string;
  schema: string;
  table: string;
  /** validateConstraint: the constraint; buildIndex: the index. */
  name?: string;
  /** buildIndex: the `create index concurrently` statement. */
  ddl?: string;
  /** purge*: the set-aside time the purge belongs to (a restore and a new delete start over). */
  deletedAt?: string;
  [key: string]: unknown;
}

/** Set-aside elements are purged after this many days. */
export const RESTORE_WINDOW_DAYS = 30;

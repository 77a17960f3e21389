import type { JobTask } from '../planner/change-plan.ts';
import type { TaskHandler } from './job-context.ts';
import { buildIndex } from './tasks/build-index.ts';
import { convertField } from './tasks/convert-field.ts';
import { numberRecords } from './tasks/number-records.ts';
import { purgeField, purgeObject } from './tasks/purge.ts';
import { purgeAudit } from './tasks/purge-audit.ts';
import { validateConstraint } from './tasks/validate-constraint.ts';

/** Every task the metadata engine enqueues. */
export const taskHandlers: Record<JobTask, TaskHandler> = {
  validateConstraint,
  buildIndex,
  convertField,
  numberRecords,
  purgeField,
  purgeObject,
  purgeAudit,
};

export {
  DEFAULT_COUNTS,
  DEFAULT_NOW,
  DEFAULT_SEED,
  type DemoData,
  type DemoDataOptions,
  GENERIC_COUNT,
  generateDemoData,
  insertionOrder,
} from './generate.ts';
export { holds, type RecordProblem, recordProblems } from './record-checks.ts';

export { AtriumApiError, type ProblemDetail } from './api-error.ts';
export { AtriumClient } from './atrium-client.ts';
export { type ListPage, type ListParams, RecordsApi, type SystemFields } from './records-api.ts';
export type { Method, TransportOptions } from './transport.ts';
export {
  type NewView,
  type SavedView,
  type ViewChanges,
  type ViewDefinition,
  type ViewOmission,
  type ViewSort,
  ViewsApi,
  type ViewVisibility,
} from './views-api.ts';

/**
 * What the app shell offers the rest of the app (the workspace, and the designer in
 * `src/designer/`, which is mounted at `/designer/*` and loaded on demand):
 *
 * - `useApi()` — the `AtriumClient` of the signed-in session (cookie + CSRF header on unsafe
 *   requests); `client.request(method, path, body)` reaches any endpoint (`/api/v1/admin/...`).
 * - `useSession()` — who is signed in (`me`: user, tenant, role, memberships), sign-out.
 * - `useMetadata()` — the tenant's metadata bundle and version (`GET /api/v1/meta`) and
 *   `reload()`, to call after a metadata change so navigation, lists and forms follow it.
 * - `useI18n()` — `t(key)`, `label(labels)` and the locale (`en` | `zh-CN`).
 * - `useAccess()` — what the user may do (`isAdmin`, per object and field).
 * - `Loading`, `EmptyState`, `ErrorState`, `ErrorBoundary` — the shared states.
 * - `errorMessage(error, t)`, `hasCode(error, code)` — the API's errors for people.
 *
 * The browser's Content-Security-Policy has no 'unsafe-eval': never compile an Ajv schema in the
 * browser (`createAjv().compile`, `@rjsf/validator-ajv8`); forms validate with
 * `CspSafeValidator` (`src/workspace/record/csp-validator.ts`), metadata with the server's dry run.
 */

export { CspSafeValidator } from '../workspace/record/csp-validator.ts';
export { errorMessage, hasCode } from './api/api-errors.ts';
export { type I18n, LOCALES, type Locale, useI18n } from './i18n/i18n-context.tsx';
export type { MessageKey } from './i18n/messages-en.ts';
export { type MetadataState, useMetadata, useMetadataIndex } from './metadata/metadata-context.tsx';
export { MetadataIndex } from './metadata/metadata-index.ts';
export { type Access, useAccess } from './permissions/access-context.tsx';
export { type Session, useApi, useSession } from './session/session-context.tsx';
export type { Me } from './session/session-types.ts';
export { ErrorBoundary } from './states/error-boundary.tsx';
export { EmptyState, ErrorState, Loading } from './states/states.tsx';

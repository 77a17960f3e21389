export { type CredentialCache, createCredentialCache } from './credential-cache.ts';
export type { Principal } from './principal.ts';

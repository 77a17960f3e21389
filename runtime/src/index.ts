export { type CredentialCache, createCredentialCache } from './auth/credential-cache.ts';
export type { Principal } from './auth/principal.ts';
export { buildServer, type ServerOptions } from './server/build-server.ts';
export { TenantRegistry, type TenantRuntime } from './tenancy/tenant-registry.ts';

export { TenantRegistry, type TenantRuntime } from './tenant-registry.ts';

import type { AccessProfile } from '../access/access-profile.ts';
import type { TenantModel } from '../model/tenant-model.ts';

/** Aliases for the sub-selects of one statement: unique within it, equal for equal requests. */
export class Aliases {
  private count = 0;
  next(prefix: string): string {
    this.count += 1;
    return `${prefix}${this.count}`;
  }
}

/** What compiling one statement needs: the tenant's model, fresh aliases, and the request's clock. */
export interface QueryContext {
  model: TenantModel;
  aliases: Aliases;
  now: Date;
  /** The caller's access; absent means unrestricted (platform-internal reads). */
  access?: AccessProfile;
}

export function queryContext(model: TenantModel, now: Date = new Date(), access?: AccessProfile): QueryContext {
  return { model, aliases: new Aliases(), now, ...(access ? { access } : {}) };
}

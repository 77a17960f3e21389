import { describe, expect, it } from 'vitest';
import { account, opportunity } from '../../testing/crm-fixture.ts';
import { ADMIN } from '../../testing/test-providers.tsx';
import { AccessModel } from './access-model.ts';

const member = { ...ADMIN, role: 'member' };

describe('what the workspace lets a user do', () => {
  it('lets admins do everything', () => {
    const model = AccessModel.of(ADMIN, [opportunity]);
    expect(model.all).toBe(true);
    expect(model.object(opportunity)).toMatchObject({ read: true, create: true, update: true, delete: true });
    expect(model.canEditField(opportunity, 'amount')).toBe(true);
  });

  it('follows a permission summary: objects by API name or id, fields allow-listed', () => {
    const model = AccessModel.of(
      {
        ...member,
        permissions: {
          objects: { opportunity: { read: true, update: true }, obj_account: { read: true } },
          fields: { opportunity: { name: 'edit', fld_opp_stage: 'read' } },
        },
      },
      [opportunity, account],
    );
    expect(model.known).toBe(true);
    expect(model.object(opportunity)).toMatchObject({ read: true, create: false, update: true, delete: false });
    expect(model.object(account).read).toBe(true);
    expect(model.canReadField(opportunity, 'stage')).toBe(true);
    expect(model.canEditField(opportunity, 'stage')).toBe(false);
    expect(model.canEditField(opportunity, 'name')).toBe(true);
    expect(model.canReadField(opportunity, 'amount')).toBe(false);
    expect(model.readableFields(opportunity)).toEqual(['name', 'stage']);
  });

  it('learns from the API’s answers without a summary', () => {
    let model = AccessModel.of(member, [opportunity, account]);
    expect(model.known).toBe(false);
    model = model.learn(account, { read: false, create: false, update: false, delete: false });
    model = model.learn(opportunity, { read: true, delete: false, fieldsSeen: ['name', 'stage', 'type'], notEditable: ['type'] });
    expect(model.object(account).read).toBe(false);
    expect(model.object(opportunity)).toMatchObject({ read: true, update: true, delete: false });
    expect(model.canReadField(opportunity, 'amount')).toBe(false);
    expect(model.canEditField(opportunity, 'type')).toBe(false);
    expect(model.canEditField(opportunity, 'stage')).toBe(true);
    // A later list with the same fields keeps what was learned about editing.
    model = model.learn(opportunity, { fieldsSeen: ['name', 'stage', 'type'] });
    expect(model.canEditField(opportunity, 'type')).toBe(false);
  });
});

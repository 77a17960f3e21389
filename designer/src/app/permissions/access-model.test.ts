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

  it('follows the permission summary of /auth/me: absent objects allow nothing, absent fields are hidden', () => {
    const model = AccessModel.of(
      {
        ...member,
        permissions: {
          all: false,
          system: ['export'],
          objects: {
            opportunity: { read: true, update: true, create: false, fields: { name: 'edit', stage: 'read' } },
          },
        },
      },
      [opportunity, account],
    );
    expect(model.known).toBe(true);
    expect(model.object(opportunity)).toMatchObject({ read: true, create: false, update: true, delete: false });
    expect(model.object(account)).toMatchObject({ read: false, create: false, update: false, delete: false });
    expect(model.canReadField(opportunity, 'stage')).toBe(true);
    expect(model.canEditField(opportunity, 'stage')).toBe(false);
    expect(model.canEditField(opportunity, 'name')).toBe(true);
    expect(model.canReadField(opportunity, 'amount')).toBe(false);
    expect(model.readableFields(opportunity)).toEqual(['name', 'stage']);
    expect(model.can('export')).toBe(true);
    expect(model.can('transferOwnership')).toBe(false);
    expect(model.canTransfer(opportunity)).toBe(false);
  });

  it('takes each action as the API checks it, and modifyAll or transferOwnership for giving records away', () => {
    const model = AccessModel.of(
      { ...member, permissions: { system: [], objects: { opportunity: { modifyAll: true, fields: {} }, account: { read: true } } } },
      [opportunity, account],
    );
    // modifyAll alone does not let the API update: the summary's flags are the API's.
    expect(model.object(opportunity)).toMatchObject({ read: false, update: false });
    expect(model.canTransfer(opportunity)).toBe(true);
    expect(model.canTransfer(account)).toBe(false);
    const transfer = AccessModel.of({ ...member, permissions: { system: ['transferOwnership'], objects: {} } }, [account]);
    expect(transfer.canTransfer(account)).toBe(true);
  });

  it('trusts the summary over the role', () => {
    expect(AccessModel.of({ ...ADMIN, permissions: { all: false, objects: {} } }, [account]).all).toBe(false);
    expect(AccessModel.of({ ...member, permissions: { all: true } }, [account]).all).toBe(true);
    expect(AccessModel.of(ADMIN, [account]).can('manageUsers')).toBe(true);
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

import { SwapOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { type Translate, useI18n } from '../../app/i18n/i18n-context.tsx';
import { useSession } from '../../app/session/session-context.tsx';
import { type DirectoryUser, useUserDirectory, useUserNames } from '../../app/users/user-directory.ts';
import { UserPicker } from '../../app/users/user-picker.tsx';

/** How a user or key id reads: “You”, their name, a key's name marked as such, or a short id. */
export function personName(id: string | null | undefined, user: DirectoryUser | undefined, me: string | undefined, t: Translate): string {
  if (!id) return t('value.empty');
  if (id === me) return t('value.you');
  if (!user) return id.slice(0, 8);
  return user.kind === 'apiKey' ? t('value.apiKey', { name: user.displayName }) : user.displayName;
}

/** The name of one user or key of the tenant (looked up in its directory). */
export function PersonName({ id }: { id: string | null | undefined }) {
  const { t } = useI18n();
  const { me } = useSession();
  const names = useUserNames([id]);
  return <>{personName(id, id ? names.get(id) : undefined, me?.user?.id, t)}</>;
}

/**
 * A record's owner by name, and — for those who may give records away (transferOwnership, or
 * modifyAll on the object) and edit this one — a picker of the tenant's members to change it.
 */
export function RecordOwner({
  ownerId,
  canChange,
  onChange,
}: {
  ownerId: string | null | undefined;
  canChange: boolean;
  /** Saves the new owner; rejects with the API's error. */
  onChange: (id: string, user: DirectoryUser | undefined) => Promise<void>;
}) {
  const { t } = useI18n();
  const directory = useUserDirectory();
  const [editing, setEditing] = useState(false);
  const [chosen, setChosen] = useState<{ id: string; user: DirectoryUser | undefined }>();
  const [saving, setSaving] = useState(false);

  if (!editing) {
    return (
      <Space size={4} wrap data-testid="record-owner">
        <PersonName id={ownerId} />
        {canChange && (
          <Tooltip title={t('record.changeOwner')}>
            <Button
              size="small"
              type="text"
              icon={<SwapOutlined />}
              aria-label={t('record.changeOwner')}
              onClick={() => {
                setChosen(undefined);
                setEditing(true);
              }}
            />
          </Tooltip>
        )}
      </Space>
    );
  }
  const save = async () => {
    if (!chosen || chosen.id === ownerId) {
      setEditing(false);
      return;
    }
    setSaving(true);
    try {
      await onChange(chosen.id, chosen.user);
      setEditing(false);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="record-owner-picker">
      <UserPicker
        directory={directory}
        value={chosen?.id ?? ownerId}
        onChange={(id, user) => setChosen(id ? { id, user } : undefined)}
        placeholder={t('record.ownerPlaceholder')}
        notFound={t('record.noPeople')}
        autoFocus
        style={{ width: '100%' }}
        aria-label={t('record.owner')}
      />
      <Space>
        <Button type="primary" size="small" loading={saving} disabled={!chosen || chosen.id === ownerId} onClick={() => void save()}>
          {t('record.save')}
        </Button>
        <Button size="small" disabled={saving} onClick={() => setEditing(false)}>
          {t('record.cancel')}
        </Button>
      </Space>
    </Space>
  );
}

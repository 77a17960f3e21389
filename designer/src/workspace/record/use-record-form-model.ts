import type { ObjectDef } from '@atrium/metadata';
import { useMemo } from 'react';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useMetadata, useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { useAccess } from '../../app/permissions/access-context.tsx';
import { type FormMode, type RecordFormModel, recordFormModel } from './ui-schema.ts';

/** The form's model for an object, in the interface's language and the user's access. */
export function useRecordFormModel(object: ObjectDef, mode: FormMode): RecordFormModel {
  const { bundle } = useMetadata();
  const index = useMetadataIndex();
  const access = useAccess();
  const { locale, label, t } = useI18n();
  return useMemo(
    () =>
      recordFormModel(object, bundle ?? undefined, index.layout(object), {
        mode,
        locale,
        label,
        readable: (f) => access.canReadField(object, f),
        editable: (f) => access.canEditField(object, f),
        otherFieldsTitle: t('record.otherFields'),
      }),
    [object, bundle, index, access, locale, label, t, mode],
  );
}

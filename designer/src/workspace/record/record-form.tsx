import type { ObjectDef } from '@atrium/metadata';
import Form from '@rjsf/antd';
import type { IChangeEvent } from '@rjsf/core';
import type { ErrorSchema, RJSFValidationError } from '@rjsf/utils';
import { Alert } from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import type { MessageKey } from '../../app/i18n/messages-en.ts';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { CspSafeValidator, type ValidationMessage } from './csp-validator.ts';
import { changedKeys, withoutFields } from './form-errors.ts';
import { recordFields, recordTemplates, recordWidgets } from './form-widgets.tsx';
import { checkRecordRules } from './rule-check.ts';
import type { FormMode, RecordFormModel } from './ui-schema.ts';

type Data = Record<string, unknown>;

/** Validation messages in the interface's language (the form validates in the browser first). */
function useMessages(): ValidationMessage {
  const { t } = useI18n();
  return useMemo<ValidationMessage>(
    () => (keyword, params) => {
      switch (keyword) {
        case 'required':
          return t('validation.required');
        case 'type':
          return t('validation.type', {
            type: String(params.type ?? '')
              .split(' or ')
              .map((ty) => t(`type.${ty}` as MessageKey))
              .join(' / '),
          });
        case 'format':
          return t('validation.format', { format: t(`format.${String(params.format)}` as MessageKey) });
        case 'pattern':
          return t('validation.pattern');
        case 'enum':
        case 'const':
          return t('validation.enum');
        case 'maxLength':
          return t('validation.maxLength', { limit: String(params.limit) });
        case 'minLength':
          return t('validation.minLength', { limit: String(params.limit) });
        case 'minimum':
        case 'maximum':
        case 'exclusiveMinimum':
        case 'exclusiveMaximum':
          return t('validation.range');
        case 'uniqueItems':
          return t('validation.uniqueItems');
        default:
          return t('validation.invalid');
      }
    },
    [t],
  );
}

interface Props {
  object: ObjectDef;
  model: RecordFormModel;
  mode: FormMode;
  /** The record as stored (edit), in the write shape (lookups as ids). */
  original: Data;
  formData: Data;
  onChange(data: Data): void;
  onSubmit(data: Data): void;
  /** Problems the server reported, at their fields. */
  serverErrors: ErrorSchema;
  onServerErrorsChange(errors: ErrorSchema): void;
  /** Problems that belong to no field. */
  generalErrors: string[];
  disabled?: boolean;
  /** Names of related records by id (lookups), for their inputs. */
  names?: Record<string, string>;
  children: ReactNode;
}

/**
 * A record's form: rjsf renders the object's JSON Schema with the layout's uiSchema and
 * validates in the browser with the same schema (CSP-safe, no eval) and the same json-logic
 * validation rules and stage conditions as the server; the server's VALIDATION_FAILED details
 * come back as `extraErrors` at their fields.
 */
export default function RecordForm({
  object,
  model,
  mode,
  original,
  formData,
  onChange,
  onSubmit,
  serverErrors,
  onServerErrorsChange,
  generalErrors,
  disabled,
  names,
  children,
}: Props) {
  const index = useMetadataIndex();
  const { label, t } = useI18n();
  const messages = useMessages();
  const validator = useMemo(() => new CspSafeValidator<Data>(messages), [messages]);
  const previous = useRef(formData);
  const [summary, setSummary] = useState<string[] | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);

  // A new record: the first input has the focus (antd's text inputs ignore rjsf's autofocus).
  useEffect(() => {
    if (mode !== 'create') return;
    const first = Object.entries(model.uiSchema).find(([, ui]) => (ui as Record<string, unknown> | undefined)?.['ui:autofocus'] === true)?.[0];
    if (first) wrapper.current?.querySelector<HTMLElement>(`[id="root_${first}"]`)?.focus();
  }, [mode, model]);

  const customValidate = (data: Data | undefined, errors: Parameters<NonNullable<React.ComponentProps<typeof Form>['customValidate']>>[1]) => {
    const record = mode === 'edit' ? { ...original, ...(data ?? {}) } : { ...(data ?? {}) };
    for (const problem of checkRecordRules(index, object, record, mode === 'edit' ? original : undefined)) {
      const target =
        problem.field && model.fields.includes(problem.field) ? (errors as unknown as Record<string, { addError(m: string): void }>)[problem.field] : undefined;
      (target ?? errors).addError(label(problem.message));
    }
    return errors;
  };

  return (
    <div ref={wrapper}>
      {(generalErrors.length > 0 || summary) && (
        <Alert
          type="error"
          showIcon
          className="atrium-gap"
          role="alert"
          title={[...generalErrors, ...(summary ?? [])].join(' ') || t('record.fixErrors')}
          closable={{ onClose: () => setSummary(null) }}
        />
      )}
      <Form
        schema={model.schema}
        uiSchema={model.uiSchema}
        formData={formData}
        validator={validator}
        widgets={recordWidgets}
        fields={recordFields}
        templates={recordTemplates}
        formContext={{ names }}
        extraErrors={serverErrors}
        customValidate={customValidate as never}
        showErrorList={false}
        noHtml5Validate
        focusOnFirstError
        disabled={disabled}
        onChange={(event: IChangeEvent<Data>) => {
          const next = event.formData ?? {};
          const changed = changedKeys(previous.current, next);
          previous.current = next;
          if (changed.length) {
            onServerErrorsChange(withoutFields(serverErrors, changed));
            setSummary(null);
          }
          onChange(next);
        }}
        onError={(errors: RJSFValidationError[]) => {
          // Errors of the record as a whole (a rule without a field) have no input to sit under.
          const general = errors.filter((e) => !e.property || e.property === '.').map((e) => e.message ?? e.stack);
          setSummary(errors.length ? (general.length ? general : [t('record.fixErrors')]) : null);
        }}
        onSubmit={(event: IChangeEvent<Data>) => {
          setSummary(null);
          onSubmit(event.formData ?? {});
        }}
      >
        {children}
      </Form>
    </div>
  );
}

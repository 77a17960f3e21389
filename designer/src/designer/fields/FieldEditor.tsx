import { DeleteOutlined } from '@ant-design/icons';
import { type FieldDef, type FieldType, fieldType, fieldTypes, isRelationType, type MetadataBundle, type ObjectDef, validateField } from '@atrium/metadata';
import { Alert, Button, Card, Checkbox, Col, Divider, Form, Input, List, Row, Select, type SelectProps, Space, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useChangeReview } from '../change/ChangeReview.tsx';
import { useMetadata } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { DefaultValueInput, GenericConfigFields, RelationConfigFields } from './FieldSettings.tsx';
import { FormulaBuilder } from './FormulaBuilder.tsx';
import { cleanField, configKeys, FIELD_TYPE_GROUPS, fieldOperations, newFieldDraft, toApiName, typeChangesOf, withType } from './field-operations.ts';
import { PicklistOptionsEditor } from './PicklistOptionsEditor.tsx';

export interface FieldEditorProps {
  object: ObjectDef;
  /** The field to edit; absent: a new field. */
  field?: FieldDef;
  /** After the change was applied (or the field deleted), or on cancel. */
  onDone?: (applied: boolean) => void;
  /** Type of a new field. */
  initialType?: FieldType;
}

/**
 * Adds a field of any type or edits one: attributes, type settings (picklist options, lookup
 * target, formula...), rename, a safe type change, delete. Every change is shown as the metadata
 * API's plan before it is applied.
 */
export function FieldEditor({ object, field, onDone, initialType }: FieldEditorProps) {
  const { t, label } = useT();
  const { bundle } = useMetadata();
  const review = useChangeReview();
  const existing = field !== undefined;
  const [draft, setDraft] = useState<FieldDef>(() => (field ? structuredClone(field) : newFieldDraft(initialType ?? 'text', object)));
  // Problems are shown once the admin has changed something (a blank new field is not an error yet).
  const [initial] = useState(() => JSON.stringify(draft));
  const pristine = JSON.stringify(draft) === initial;
  const [apiNameTouched, setApiNameTouched] = useState(existing);
  const [busy, setBusy] = useState(false);
  const module = fieldType(draft.type);

  const typeChoices = useMemo(() => (field ? typeChangesOf(field) : []), [field]);
  const problems = useMemo(() => validateField(cleanField(draft), object, bundle), [draft, object, bundle]);
  const operations = useMemo(() => fieldOperations(object, field, draft), [object, field, draft]);
  const savedValues = useMemo(() => new Set((field?.config?.options ?? []).map((o) => o.value)), [field]);
  const problemAt = (prefix: string) => (pristine ? undefined : problems.find((p) => p.path === prefix || p.path.startsWith(`${prefix}/`)));

  const set = (patch: Partial<FieldDef>) => setDraft((previous) => ({ ...previous, ...patch }));
  const setLabelEn = (en: string) =>
    setDraft((previous) => ({ ...previous, label: { ...previous.label, en }, ...(apiNameTouched ? {} : { apiName: toApiName(en) }) }));

  const apply = async () => {
    setBusy(true);
    try {
      const title = existing ? t('field.reviewEdit', { name: field.apiName }) : t('field.reviewAdd', { name: draft.apiName });
      const result = await review(operations, { title });
      if (result) onDone?.(true);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!field) return;
    const result = await review([{ op: 'deleteField', object: object.id, field: field.id }], { title: t('field.reviewDelete', { name: field.apiName }) });
    if (result) onDone?.(true);
  };

  const typeOptions = existing
    ? [
        { value: field.type, label: label(fieldTypes[field.type].label, field.type) },
        ...typeChoices.map((choice) => ({
          value: choice.type,
          label: (
            <span>
              {label(fieldTypes[choice.type].label, choice.type)}
              {choice.lossy && (
                <Tag color="orange" style={{ marginLeft: 8 }}>
                  {t('field.lossy')}
                </Tag>
              )}
            </span>
          ),
        })),
      ]
    : FIELD_TYPE_GROUPS.map((group) => ({
        label: t(`field.group.${group.key}`),
        options: group.types.map((type) => ({ value: type, label: label(fieldTypes[type].label, type) })),
      }));
  const chosenChoice = typeChoices.find((c) => c.type === draft.type);

  const supportFlag = (flag: 'required' | 'unique' | 'indexed', text: string) => {
    const supported = module.supports[flag] && !(flag === 'required' && draft.type === 'masterDetail');
    const checked = draft.type === 'masterDetail' && flag === 'required' ? true : draft[flag] === true;
    return (
      <Tooltip title={supported ? t(`field.${flag}Help`) : t('field.notSupported', { type: label(module.label, draft.type) })}>
        <Checkbox checked={checked} disabled={!supported} onChange={(event) => set({ [flag]: event.target.checked || undefined })}>
          {text}
        </Checkbox>
      </Tooltip>
    );
  };

  return (
    <Card
      title={
        existing ? t('field.editTitle', { name: label(field.label, field.apiName) }) : t('field.newTitle', { object: label(object.label, object.apiName) })
      }
      data-testid="field-editor"
      extra={
        existing && (
          <Button danger icon={<DeleteOutlined />} onClick={() => void remove()}>
            {t('field.delete')}
          </Button>
        )
      }
    >
      <Form layout="vertical" component="div">
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            <Form.Item label={t('field.type')} help={existing ? t('field.typeChangeHelp') : undefined}>
              <Select
                value={draft.type}
                onChange={(type: FieldType) => setDraft(withType(draft, type, object))}
                options={typeOptions as SelectProps['options']}
                aria-label={t('field.type')}
                showSearch={existing ? undefined : { optionFilterProp: 'label' }}
                disabled={existing && typeChoices.length === 0}
              />
            </Form.Item>
            {chosenChoice?.lossy && (
              <Alert type="warning" showIcon title={t('field.lossyChange')} description={chosenChoice.notes.join('; ')} style={{ marginBottom: 16 }} />
            )}
            <Form.Item label={t('field.labelEn')} required validateStatus={problemAt('/label') ? 'error' : undefined}>
              <Input value={draft.label.en} onChange={(event) => setLabelEn(event.target.value)} aria-label={t('field.labelEn')} />
            </Form.Item>
            <Form.Item label={t('field.labelZh')}>
              <Input
                value={draft.label['zh-CN'] ?? ''}
                onChange={(event) => set({ label: { ...draft.label, 'zh-CN': event.target.value } })}
                aria-label={t('field.labelZh')}
              />
            </Form.Item>
            <Form.Item
              label={t('field.apiName')}
              required
              validateStatus={problemAt('/apiName') ? 'error' : undefined}
              help={problemAt('/apiName')?.message ?? (existing && draft.apiName !== field.apiName ? t('field.renameHelp') : t('field.apiNameHelp'))}
            >
              <Input
                value={draft.apiName}
                onChange={(event) => {
                  setApiNameTouched(true);
                  set({ apiName: event.target.value });
                }}
                aria-label={t('field.apiName')}
                style={{ fontFamily: 'monospace' }}
              />
            </Form.Item>
            <Form.Item label={t('field.description')}>
              <Input.TextArea
                rows={2}
                value={draft.description ?? ''}
                onChange={(event) => set({ description: event.target.value })}
                aria-label={t('field.description')}
              />
            </Form.Item>
            <Form.Item label={t('field.helpEn')}>
              <Input
                value={draft.helpText?.en ?? ''}
                onChange={(event) => set({ helpText: { ...(draft.helpText ?? { en: '' }), en: event.target.value } })}
                aria-label={t('field.helpEn')}
              />
            </Form.Item>
            <Form.Item label={t('field.helpZh')}>
              <Input
                value={draft.helpText?.['zh-CN'] ?? ''}
                onChange={(event) => set({ helpText: { ...(draft.helpText ?? { en: '' }), 'zh-CN': event.target.value } })}
                aria-label={t('field.helpZh')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item label={t('field.attributes')}>
              <Space wrap>
                {supportFlag('required', t('field.required'))}
                {supportFlag('unique', t('field.unique'))}
                {supportFlag('indexed', t('field.indexed'))}
              </Space>
            </Form.Item>
            {module.supports.default && (
              <Form.Item label={t('field.default')} validateStatus={problemAt('/default') ? 'error' : undefined} help={problemAt('/default')?.message}>
                <DefaultValueInput field={draft} onChange={(value) => set({ default: value })} />
              </Form.Item>
            )}
            {module.readOnly && <Alert type="info" showIcon title={t('field.readOnly')} style={{ marginBottom: 16 }} />}
            <Divider titlePlacement="start">{t('field.settings', { type: label(module.label, draft.type) })}</Divider>
            <TypeSettings
              draft={draft}
              onChange={setDraft}
              object={object}
              bundle={bundle}
              savedValues={savedValues}
              existing={existing && field.type === draft.type}
            />
          </Col>
        </Row>
        {problems.length > 0 && !pristine && (
          <Alert
            type="error"
            showIcon
            title={t('field.problems')}
            data-testid="field-problems"
            description={
              <List
                size="small"
                dataSource={problems}
                renderItem={(p) => (
                  <List.Item>
                    {p.path ? <code>{p.path}</code> : null} {p.message}
                  </List.Item>
                )}
              />
            }
            style={{ marginBottom: 16 }}
          />
        )}
        <Space>
          <Button type="primary" onClick={() => void apply()} loading={busy} disabled={problems.length > 0 || operations.length === 0}>
            {existing ? t('field.reviewChanges') : t('field.reviewAddButton')}
          </Button>
          <Button onClick={() => onDone?.(false)}>{t('common.cancel')}</Button>
          {existing && operations.length === 0 && <Typography.Text type="secondary">{t('field.noChanges')}</Typography.Text>}
        </Space>
      </Form>
    </Card>
  );
}

function TypeSettings({
  draft,
  onChange,
  object,
  bundle,
  savedValues,
  existing,
}: {
  draft: FieldDef;
  onChange: (field: FieldDef) => void;
  object: ObjectDef;
  bundle: MetadataBundle;
  savedValues: ReadonlySet<string>;
  existing: boolean;
}) {
  const { t } = useT();
  const setConfig = (config: FieldDef['config']) => onChange({ ...draft, ...(config ? { config } : {}) });
  if (draft.type === 'picklist' || draft.type === 'multiPicklist') {
    return (
      <PicklistOptionsEditor
        options={draft.config?.options ?? []}
        onChange={(options) => setConfig({ ...draft.config, options })}
        savedValues={existing ? savedValues : new Set()}
      />
    );
  }
  if (isRelationType(draft.type)) {
    return <RelationConfigFields field={draft} onChange={setConfig} bundle={bundle} existing={existing} />;
  }
  if (draft.type === 'formula') {
    return <FormulaBuilder config={draft.config} onChange={setConfig} object={object} bundle={bundle} selfApiName={draft.apiName} />;
  }
  if (draft.type === 'user') return <Typography.Text type="secondary">{t('field.userHelp')}</Typography.Text>;
  if (configKeys(draft.type).length === 0) return <Typography.Text type="secondary">{t('field.noSettings')}</Typography.Text>;
  return <GenericConfigFields field={draft} onChange={setConfig} />;
}

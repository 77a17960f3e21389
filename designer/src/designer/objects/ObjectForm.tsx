import { mergePatch, NAME_FIELD_TYPES, type ObjectDef, validateObject } from '@atrium/metadata';
import { Alert, Button, Card, Col, Form, Input, List, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useChangeReview } from '../change/ChangeReview.tsx';
import { useMetadata } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { draftOf, newObjectDef, type ObjectDraft, objectOperations, pluralOf, toApiName } from './object-operations.ts';

/** Creates an object (with its name field) or edits one: API names, labels in both languages, description, name field, history tracking. */
export function ObjectForm({ object, onDone }: { object?: ObjectDef; onDone?: (applied: ObjectDef | null) => void }) {
  const { t, label } = useT();
  const { bundle } = useMetadata();
  const review = useChangeReview();
  const existing = object !== undefined;
  const [draft, setDraft] = useState<ObjectDraft>(() => draftOf(object));
  const [initial] = useState(() => JSON.stringify(draft));
  const pristine = JSON.stringify(draft) === initial;
  const [namesTouched, setNamesTouched] = useState(existing);
  const [pluralLabelTouched, setPluralLabelTouched] = useState(existing);
  const set = (patch: Partial<ObjectDraft>) => setDraft((previous) => ({ ...previous, ...patch }));

  const operations = useMemo(() => objectOperations(object, draft), [object, draft]);
  const candidate = useMemo<ObjectDef>(() => {
    if (!object) return newObjectDef(draft);
    const op = operations[0];
    return op?.op === 'updateObject' ? mergePatch({ ...object }, op.changes) : object;
  }, [object, draft, operations]);
  const problems = useMemo(() => validateObject(candidate, bundle).filter((p) => !p.path.startsWith('/fields/') || !existing), [candidate, bundle, existing]);
  const problemAt = (prefix: string) => (pristine ? undefined : problems.find((p) => p.path === prefix || p.path.startsWith(`${prefix}/`)));

  const nameFieldChoices = (object?.fields ?? []).filter((f) => NAME_FIELD_TYPES.includes(f.type));
  const trackable = (object?.fields ?? []).filter((f) => f.type !== 'formula');

  const setLabelEn = (en: string) => {
    const patch: Partial<ObjectDraft> = { label: { ...draft.label, en } };
    if (!namesTouched) {
      const apiName = toApiName(en);
      patch.apiName = apiName;
      patch.pluralApiName = pluralOf(apiName);
    }
    if (!pluralLabelTouched) patch.pluralLabel = { ...draft.pluralLabel, en: en ? `${en}s` : '' };
    set(patch);
  };

  const submit = async () => {
    const title = existing ? t('object.reviewEdit', { name: object.apiName }) : t('object.reviewCreate', { name: draft.apiName });
    const result = await review(operations, { title });
    if (result) onDone?.(candidate);
  };

  return (
    <Card title={existing ? t('object.editTitle', { name: label(object.label, object.apiName) }) : t('object.newTitle')} data-testid="object-form">
      <Form layout="vertical" component="div">
        <Row gutter={24}>
          <Col xs={24} md={12}>
            <Form.Item label={t('object.labelEn')} required validateStatus={problemAt('/label') ? 'error' : undefined}>
              <Input value={draft.label.en} onChange={(e) => setLabelEn(e.target.value)} aria-label={t('object.labelEn')} />
            </Form.Item>
            <Form.Item label={t('object.labelZh')}>
              <Input
                value={draft.label['zh-CN'] ?? ''}
                onChange={(e) => set({ label: { ...draft.label, 'zh-CN': e.target.value } })}
                aria-label={t('object.labelZh')}
              />
            </Form.Item>
            <Form.Item label={t('object.pluralLabelEn')} required validateStatus={problemAt('/pluralLabel') ? 'error' : undefined}>
              <Input
                value={draft.pluralLabel.en}
                onChange={(e) => {
                  setPluralLabelTouched(true);
                  set({ pluralLabel: { ...draft.pluralLabel, en: e.target.value } });
                }}
                aria-label={t('object.pluralLabelEn')}
              />
            </Form.Item>
            <Form.Item label={t('object.pluralLabelZh')}>
              <Input
                value={draft.pluralLabel['zh-CN'] ?? ''}
                onChange={(e) => set({ pluralLabel: { ...draft.pluralLabel, 'zh-CN': e.target.value } })}
                aria-label={t('object.pluralLabelZh')}
              />
            </Form.Item>
            <Form.Item label={t('object.description')}>
              <Input.TextArea rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} aria-label={t('object.description')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('object.apiName')}
              required
              validateStatus={problemAt('/apiName') ? 'error' : undefined}
              help={problemAt('/apiName')?.message ?? (existing ? t('object.apiNameRenameHelp') : t('object.apiNameHelp'))}
            >
              <Input
                value={draft.apiName}
                style={{ fontFamily: 'monospace' }}
                onChange={(e) => {
                  setNamesTouched(true);
                  set({ apiName: e.target.value });
                }}
                aria-label={t('object.apiName')}
              />
            </Form.Item>
            <Form.Item
              label={t('object.pluralApiName')}
              required
              validateStatus={problemAt('/pluralApiName') ? 'error' : undefined}
              help={problemAt('/pluralApiName')?.message}
            >
              <Input
                value={draft.pluralApiName}
                style={{ fontFamily: 'monospace' }}
                onChange={(e) => {
                  setNamesTouched(true);
                  set({ pluralApiName: e.target.value });
                }}
                aria-label={t('object.pluralApiName')}
              />
            </Form.Item>
            {existing ? (
              <Form.Item label={t('object.nameField')} help={t('object.nameFieldHelp')}>
                <Select
                  value={draft.nameField}
                  onChange={(nameField: string) => set({ nameField })}
                  options={nameFieldChoices.map((f) => ({ value: f.apiName, label: `${label(f.label, f.apiName)} (${f.apiName})` }))}
                  aria-label={t('object.nameField')}
                />
              </Form.Item>
            ) : (
              <>
                <Form.Item label={t('object.nameField')} help={t('object.nameFieldHelp')}>
                  <Radio.Group
                    value={draft.nameFieldType}
                    onChange={(e) =>
                      set({
                        nameFieldType: e.target.value,
                        nameField: e.target.value === 'autoNumber' ? 'number' : 'name',
                        nameFieldLabel: e.target.value === 'autoNumber' ? { en: 'Number', 'zh-CN': '编号' } : { en: 'Name', 'zh-CN': '名称' },
                      })
                    }
                    options={[
                      { value: 'text', label: t('object.nameText') },
                      { value: 'autoNumber', label: t('object.nameAutoNumber') },
                    ]}
                  />
                </Form.Item>
                <Space wrap>
                  <Form.Item label={t('object.nameFieldLabel')}>
                    <Input
                      value={draft.nameFieldLabel.en}
                      onChange={(e) => set({ nameFieldLabel: { ...draft.nameFieldLabel, en: e.target.value } })}
                      aria-label={t('object.nameFieldLabel')}
                    />
                  </Form.Item>
                  <Form.Item label={t('object.nameFieldLabelZh')}>
                    <Input
                      value={draft.nameFieldLabel['zh-CN'] ?? ''}
                      onChange={(e) => set({ nameFieldLabel: { ...draft.nameFieldLabel, 'zh-CN': e.target.value } })}
                      aria-label={t('object.nameFieldLabelZh')}
                    />
                  </Form.Item>
                  <Form.Item label={t('object.nameFieldApiName')}>
                    <Input
                      value={draft.nameField}
                      onChange={(e) => set({ nameField: e.target.value })}
                      aria-label={t('object.nameFieldApiName')}
                      style={{ fontFamily: 'monospace' }}
                    />
                  </Form.Item>
                  {draft.nameFieldType === 'autoNumber' && (
                    <Form.Item label={t('config.displayFormat')} help={t('config.displayFormatHelp')}>
                      <Input value={draft.displayFormat} onChange={(e) => set({ displayFormat: e.target.value })} aria-label={t('config.displayFormat')} />
                    </Form.Item>
                  )}
                </Space>
              </>
            )}
            <Form.Item label={t('object.trackHistory')} help={t('object.trackHistoryHelp')}>
              <Switch checked={draft.trackHistory} onChange={(trackHistory) => set({ trackHistory })} aria-label={t('object.trackHistory')} />
            </Form.Item>
            {draft.trackHistory && existing && (
              <Form.Item label={t('object.trackedFields')} help={t('object.trackedFieldsHelp')}>
                <Select
                  mode="multiple"
                  allowClear
                  value={draft.trackedFields}
                  onChange={(trackedFields: string[]) => set({ trackedFields })}
                  options={trackable.map((f) => ({ value: f.apiName, label: label(f.label, f.apiName) }))}
                  aria-label={t('object.trackedFields')}
                />
              </Form.Item>
            )}
            <Form.Item label={t('object.searchable')}>
              <Switch checked={draft.searchable} onChange={(searchable) => set({ searchable })} aria-label={t('object.searchable')} />
            </Form.Item>
          </Col>
        </Row>
        {problems.length > 0 && !pristine && (
          <Alert
            type="error"
            showIcon
            title={t('field.problems')}
            description={
              <List
                size="small"
                dataSource={problems}
                renderItem={(p) => (
                  <List.Item>
                    <code>{p.path}</code> {p.message}
                  </List.Item>
                )}
              />
            }
            style={{ marginBottom: 16 }}
          />
        )}
        <Space>
          <Button type="primary" onClick={() => void submit()} disabled={problems.length > 0 || operations.length === 0}>
            {existing ? t('object.reviewChanges') : t('object.create')}
          </Button>
          <Button onClick={() => onDone?.(null)}>{t('common.cancel')}</Button>
          {existing && operations.length === 0 && <Typography.Text type="secondary">{t('field.noChanges')}</Typography.Text>}
        </Space>
      </Form>
    </Card>
  );
}

import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { AtriumApiError } from '@atrium/client';
import { evaluateRule, isTruthy, type ObjectDef } from '@atrium/metadata';
import type { ErrorSchema } from '@rjsf/utils';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Popconfirm, Result, Space, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../app/api/api-errors.ts';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { useAccess } from '../../app/permissions/access-context.tsx';
import { useApi } from '../../app/session/session-context.tsx';
import { ErrorState, Loading } from '../../app/states/states.tsx';
import type { DirectoryUser } from '../../app/users/user-directory.ts';
import { formatDateTime, recordName, valueKind } from '../fields/field-values.ts';
import type { Row } from '../list/use-record-list.ts';
import { WithObject } from '../object-route.tsx';
import { extraErrorsFrom, recordWrite } from './form-errors.ts';
import { HistoryTimeline } from './history-timeline.tsx';
import { RecordDetails } from './record-details.tsx';
import { RecordOwner } from './record-owner.tsx';
import { RelatedLists } from './related-lists.tsx';
import { checkRecordRules, writeShape } from './rule-check.ts';
import { pipelineOf, StagePath } from './stage-path.tsx';
import { useRecordFormModel } from './use-record-form-model.ts';

type Data = Record<string, unknown>;

// The form (rjsf and its validator) is its own chunk: lists and record pages in view mode do not load it.
const RecordForm = lazy(() => import('./record-form.tsx'));

function only(data: Data, fields: readonly string[]): Data {
  const out: Data = {};
  for (const f of fields) if (data[f] !== undefined && data[f] !== null) out[f] = data[f];
  return out;
}

/** Names of expanded lookups, by id (for the lookup inputs). */
function namesOf(index: ReturnType<typeof useMetadataIndex>, object: ObjectDef, record: Data): Record<string, string> {
  const names: Record<string, string> = {};
  for (const field of object.fields) {
    const value = record[field.apiName];
    if (valueKind(field) !== 'lookup' || !value || typeof value !== 'object') continue;
    const id = (value as { id?: string }).id;
    if (id) names[id] = recordName(index.target(field), value as Data);
  }
  return names;
}

function useSaveErrors(fields: readonly string[]) {
  const [serverErrors, setServerErrors] = useState<ErrorSchema>({});
  const [general, setGeneral] = useState<string[]>([]);
  const { t } = useI18n();
  const apply = useCallback(
    (error: unknown) => {
      if (error instanceof AtriumApiError && error.code === 'VALIDATION_FAILED' && error.details.length) {
        const mapped = extraErrorsFrom(error.details, fields);
        setServerErrors(mapped.errorSchema);
        setGeneral(mapped.general);
      } else {
        setServerErrors({});
        setGeneral([errorMessage(error, t)]);
      }
    },
    [fields, t],
  );
  const clear = useCallback(() => {
    setServerErrors({});
    setGeneral([]);
  }, []);
  return { serverErrors, setServerErrors, general, apply, clear };
}

function RecordView({ object, id }: { object: ObjectDef; id: string }) {
  const index = useMetadataIndex();
  const access = useAccess();
  const client = useApi();
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const model = useRecordFormModel(object, 'edit');
  const rights = access.object(object);
  const [state, setState] = useState<{ record: Row | null; error: unknown }>({ record: null, error: null });
  const [editing, setEditing] = useState(false);
  const [formData, setFormData] = useState<Data>({});
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [stageError, setStageError] = useState<string | null>(null);
  const errors = useSaveErrors(model.fields);
  const layout = index.layout(object);
  const expand = useMemo(
    () =>
      model.fields.filter((name) => {
        const field = index.field(object, name);
        const target = field && valueKind(field) === 'lookup' ? index.target(field) : undefined;
        return target && access.object(target).read;
      }),
    [model.fields, index, object, access],
  );
  const expandKey = expand.join(',');

  const load = useCallback(async () => {
    try {
      const record = (await client.records(object.apiName).get(id, expandKey ? { expand: expandKey.split(',') } : {})) as Row;
      access.sawRecords(object, [Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v]))]);
      setState({ record, error: null });
      setConflict(false);
      return record;
    } catch (error) {
      setState({ record: null, error });
      return null;
    }
  }, [client, object, id, expandKey]);

  useEffect(() => {
    setState({ record: null, error: null });
    setEditing(false);
    void load();
  }, [load]);

  const record = state.record;
  const original = useMemo(() => (record ? only(writeShape(record), model.fields) : {}), [record, model.fields]);
  const names = useMemo(() => (record ? namesOf(index, object, record) : {}), [record, index, object]);
  const pipelines = index.pipelines(object);
  const pipeline = record ? pipelineOf(pipelines, writeShape(record), (rule, data) => isTruthy(evaluateRule(rule as never, data))) : undefined;

  if (state.error) {
    if (state.error instanceof AtriumApiError && (state.error.code === 'NOT_FOUND' || state.error.status === 404)) {
      return (
        <Result
          status="404"
          title="404"
          subTitle={t('record.notFound')}
          extra={<Link to={`/app/${object.apiName}`}>{label(object.pluralLabel, object.pluralApiName)}</Link>}
        />
      );
    }
    return <ErrorState error={state.error} retry={() => void load()} />;
  }
  if (!record) return <Loading rows={12} />;

  const save = async (data: Data) => {
    const patch = recordWrite('edit', original, data, model.editable);
    if (Object.keys(patch).length === 0) {
      setEditing(false);
      return;
    }
    setSaving(true);
    try {
      await client.records(object.apiName).update(id, patch, { expectedVersion: record.version });
      errors.clear();
      await load();
      setEditing(false);
      message.success(t('record.saved'));
    } catch (error) {
      access.noteError(object, 'update', error);
      if (error instanceof AtriumApiError && error.code === 'CONFLICT') setConflict(true);
      else errors.apply(error);
    } finally {
      setSaving(false);
    }
  };

  const moveStage = async (value: string) => {
    if (!pipeline || record[pipeline.field] === value) return;
    const data = writeShape(record);
    const problem = checkRecordRules(index, object, { ...data, [pipeline.field]: value }, data)[0];
    if (problem) {
      setStageError(label(problem.message));
      return;
    }
    try {
      await client.records(object.apiName).update(id, { [pipeline.field]: value }, { expectedVersion: record.version });
      setStageError(null);
      await load();
    } catch (error) {
      access.noteError(object, 'update', error);
      const detail = error instanceof AtriumApiError ? error.details[0] : undefined;
      setStageError(detail?.message ?? errorMessage(error, t));
    }
  };

  const remove = async () => {
    try {
      await client.records(object.apiName).delete(id);
      message.success(t('record.deleted'));
      navigate(`/app/${object.apiName}`);
    } catch (error) {
      access.noteError(object, 'delete', error);
      message.error(errorMessage(error, t));
    }
  };

  /** Gives the record to someone else; when that takes it out of the caller's sight, back to the list. */
  const transfer = async (ownerId: string, owner: DirectoryUser | undefined) => {
    const name = owner?.displayName ?? ownerId.slice(0, 8);
    try {
      await client.records(object.apiName).update(id, { ownerId }, { expectedVersion: record.version });
    } catch (error) {
      access.noteError(object, 'update', error);
      if (error instanceof AtriumApiError && error.code === 'CONFLICT') setConflict(true);
      else message.error(errorMessage(error, t));
      throw error;
    }
    try {
      await client.records(object.apiName).get(id);
    } catch (error) {
      if (error instanceof AtriumApiError && error.code === 'NOT_FOUND') {
        message.success(t('record.ownerChangedGone', { name }));
        navigate(`/app/${object.apiName}`);
        return;
      }
    }
    message.success(t('record.ownerChanged', { name }));
    await load();
  };

  const title = recordName(object, record);
  const canStage = !!pipeline && rights.update && access.canEditField(object, pipeline.field) && !editing;
  return (
    <div>
      <Breadcrumb
        className="atrium-gap"
        items={[{ title: <Link to={`/app/${object.apiName}`}>{label(object.pluralLabel, object.pluralApiName)}</Link> }, { title }]}
      />
      <div className="atrium-page-header">
        <Typography.Title level={1} style={{ wordBreak: 'break-word' }}>
          {title}
        </Typography.Title>
        <span className="atrium-spacer" />
        {!editing && (
          <Space>
            {rights.update && model.editable.length > 0 && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => {
                  setFormData(original);
                  errors.clear();
                  setEditing(true);
                }}
              >
                {t('record.edit')}
              </Button>
            )}
            {rights.delete && (
              <Popconfirm title={t('record.deleteConfirm')} onConfirm={() => void remove()}>
                <Button danger icon={<DeleteOutlined />}>
                  {t('record.delete')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )}
      </div>
      {pipeline && <StagePath object={object} pipeline={pipeline} value={record[pipeline.field]} disabled={!canStage} onMove={(v) => void moveStage(v)} />}
      {stageError && (
        <Alert
          type="error"
          showIcon
          title={stageError}
          closable={{ onClose: () => setStageError(null) }}
          className="atrium-gap"
          role="alert"
          data-testid="stage-error"
        />
      )}
      {conflict && (
        <Alert
          type="warning"
          showIcon
          className="atrium-gap"
          title={t('record.conflict')}
          action={
            <Button size="small" onClick={() => void load().then((r) => r && setFormData(only(writeShape(r), model.fields)))}>
              {t('record.reload')}
            </Button>
          }
        />
      )}
      <div className="atrium-record-grid">
        <div>
          {editing ? (
            <Suspense fallback={<Loading rows={12} />}>
              <RecordForm
                object={object}
                model={model}
                mode="edit"
                original={original}
                formData={formData}
                onChange={setFormData}
                onSubmit={(data) => void save(data)}
                serverErrors={errors.serverErrors}
                onServerErrorsChange={errors.setServerErrors}
                generalErrors={errors.general}
                disabled={saving}
                names={names}
              >
                <div className="atrium-form-actions">
                  <Button type="primary" htmlType="submit" loading={saving}>
                    {t('record.save')}
                  </Button>
                  <Button
                    onClick={() => {
                      setEditing(false);
                      errors.clear();
                    }}
                    disabled={saving}
                  >
                    {t('record.cancel')}
                  </Button>
                </div>
              </RecordForm>
            </Suspense>
          ) : (
            <RecordDetails object={object} model={model} record={record} />
          )}
          <RelatedLists object={object} id={id} layout={layout} />
        </div>
        <div>
          <Card size="small" className="atrium-section">
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'owner',
                  label: t('record.owner'),
                  children: (
                    <RecordOwner
                      ownerId={record.ownerId ? String(record.ownerId) : null}
                      canChange={rights.update && access.canTransfer(object) && !editing}
                      onChange={transfer}
                    />
                  ),
                },
                { key: 'created', label: t('record.createdAt'), children: formatDateTime(String(record.createdAt), locale) },
                { key: 'updated', label: t('record.updatedAt'), children: formatDateTime(String(record.updatedAt), locale) },
              ]}
            />
          </Card>
          <HistoryTimeline object={object} id={id} version={record.version} />
        </div>
      </div>
    </div>
  );
}

function CreateForm({ object }: { object: ObjectDef }) {
  const client = useApi();
  const access = useAccess();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const model = useRecordFormModel(object, 'create');
  // Prefilled from the URL (a related list's New passes the parent: ?account=<id>).
  const [formData, setFormData] = useState<Data>(() => {
    const initial: Data = {};
    for (const name of model.editable) {
      const value = search.get(name);
      if (value) initial[name] = value;
    }
    return initial;
  });
  const [saving, setSaving] = useState(false);
  const errors = useSaveErrors(model.fields);

  if (!access.object(object).create) return <Result status="403" title="403" subTitle={t('error.FORBIDDEN')} />;

  const create = async (data: Data) => {
    setSaving(true);
    try {
      const created = await client.records(object.apiName).create(recordWrite('create', {}, data, model.editable));
      message.success(t('record.created', { object: label(object.label, object.apiName) }));
      navigate(`/app/${object.apiName}/${created.id}`, { replace: true });
    } catch (error) {
      access.noteError(object, 'create', error);
      errors.apply(error);
      setSaving(false);
    }
  };

  return (
    <div style={{ maxWidth: 1100 }}>
      <Breadcrumb
        className="atrium-gap"
        items={[
          { title: <Link to={`/app/${object.apiName}`}>{label(object.pluralLabel, object.pluralApiName)}</Link> },
          { title: t('record.new', { object: label(object.label, object.apiName) }) },
        ]}
      />
      <div className="atrium-page-header">
        <Typography.Title level={1}>{t('record.new', { object: label(object.label, object.apiName) })}</Typography.Title>
      </div>
      <Suspense fallback={<Loading rows={12} />}>
        <RecordForm
          object={object}
          model={model}
          mode="create"
          original={{}}
          formData={formData}
          onChange={setFormData}
          onSubmit={(data) => void create(data)}
          serverErrors={errors.serverErrors}
          onServerErrorsChange={errors.setServerErrors}
          generalErrors={errors.general}
          disabled={saving}
        >
          <div className="atrium-form-actions">
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('record.create')}
            </Button>
            <Button onClick={() => navigate(-1)} disabled={saving}>
              {t('record.cancel')}
            </Button>
          </div>
        </RecordForm>
      </Suspense>
    </div>
  );
}

/** `/app/:object/:id`: the record page. */
export function RecordPage() {
  const { id } = useParams();
  return <WithObject>{(object) => <RecordView key={`${object.apiName}/${id}`} object={object} id={id ?? ''} />}</WithObject>;
}

/** `/app/:object/new`: a new record. */
export function RecordCreatePage() {
  return <WithObject>{(object) => <CreateForm key={object.apiName} object={object} />}</WithObject>;
}

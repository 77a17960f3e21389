import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  type FieldDef,
  type JsonLogic,
  type MetadataBundle,
  type ObjectDef,
  type PipelineDef,
  type PipelineStage,
  type StageCategory,
  validatePipeline,
} from '@atrium/metadata';
import { Alert, Button, Card, Form, Input, InputNumber, List, Radio, Result, Select, Slider, Space, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useChangeReview } from '../change/ChangeReview.tsx';
import { ConditionBuilder } from '../conditions/ConditionBuilder.tsx';
import { fieldPaths, valuePathOf } from '../conditions/field-paths.ts';
import { ObjectBreadcrumb } from '../objects/ObjectBreadcrumb.tsx';
import { useDesignerPath, useMetadata } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { SortableItem, SortableList } from '../support/Sortable.tsx';
import {
  addStage,
  cleanPipeline,
  moveStage,
  newOptionValues,
  newPipeline,
  picklistFields,
  pipelineOperations,
  removeStage,
  requiredFieldsOf,
  setRequiredFields,
  stagesForField,
  updateStage,
  valueForLabel,
} from './pipeline-model.ts';

export function PipelineEditorPage({ object }: { object: ObjectDef }) {
  const { pipelineId } = useParams();
  const { bundle } = useMetadata();
  const { t, label } = useT();
  const navigate = useNavigate();
  const path = useDesignerPath();
  const pipeline = pipelineId === 'new' ? undefined : bundle.pipelines.find((p) => p.id === pipelineId && p.object === object.id);
  if (pipelineId !== 'new' && !pipeline) return <Result status="404" title={t('pipeline.notFound', { name: pipelineId ?? '' })} />;
  return (
    <>
      <ObjectBreadcrumb object={object} current={pipeline ? label(pipeline.label, pipeline.apiName) : t('pipelines.new')} />
      <PipelineEditor
        key={pipeline?.id ?? 'new'}
        object={object}
        {...(pipeline ? { pipeline } : {})}
        onDone={() => navigate(path(`objects/${object.apiName}/pipelines`))}
      />
    </>
  );
}

/** The bundle as it will be once the pipeline's new stage values are options of its picklist. */
function withNewOptions(bundle: MetadataBundle, object: ObjectDef, pipeline: PipelineDef): MetadataBundle {
  const field = object.fields.find((f) => f.apiName === pipeline.field);
  const added = newOptionValues(pipeline, field);
  if (!field || added.length === 0) return bundle;
  const options = [...(field.config?.options ?? []), ...added.map((value) => ({ id: `new_${value}`, value, label: { en: value } }))];
  const fields = object.fields.map((f) => (f.id === field.id ? { ...f, config: { ...f.config, options } } : f));
  return { ...bundle, objects: bundle.objects.map((o) => (o.id === object.id ? { ...o, fields } : o)) };
}

/**
 * Stages as cards: add (an option of the picklist, or a new one), rename, reorder by drag and drop
 * or arrows, mark won/lost, set the probability and the fields a record needs to enter the stage
 * (its entry condition). Several pipelines per object are told apart by `appliesWhen`.
 */
export function PipelineEditor({ object, pipeline: original, onDone }: { object: ObjectDef; pipeline?: PipelineDef; onDone?: (saved: boolean) => void }) {
  const { t, label } = useT();
  const { bundle } = useMetadata();
  const review = useChangeReview();
  const siblings = bundle.pipelines.filter((p) => p.object === object.id && p.id !== original?.id);
  const [pipeline, setPipeline] = useState<PipelineDef>(() => (original ? structuredClone(original) : newPipeline(object, siblings)));
  const [newStageLabel, setNewStageLabel] = useState('');
  const picklists = picklistFields(object);
  const field = object.fields.find((f) => f.apiName === pipeline.field);
  const paths = useMemo(() => fieldPaths(object, bundle), [object, bundle]);
  const problems = useMemo(() => validatePipeline(cleanPipeline(pipeline), withNewOptions(bundle, object, pipeline)), [pipeline, bundle, object]);
  const unusedOptions = (field?.config?.options ?? []).filter((o) => !pipeline.stages.some((s) => s.value === o.value));
  const added = new Set(newOptionValues(pipeline, field));

  const save = async () => {
    const result = await review(pipelineOperations(object, pipeline), { title: t('pipeline.reviewSave', { name: pipeline.apiName }) });
    if (result) onDone?.(true);
  };

  const addNewStage = () => {
    const text = newStageLabel.trim();
    if (!text) return;
    const taken = new Set([...(field?.config?.options ?? []).map((o) => o.value), ...pipeline.stages.map((s) => s.value)]);
    setPipeline(addStage(pipeline, valueForLabel(text, taken), { en: text }));
    setNewStageLabel('');
  };

  return (
    <Card
      title={original ? t('pipeline.editTitle', { name: label(original.label, original.apiName) }) : t('pipeline.newTitle')}
      data-testid="pipeline-editor"
      extra={
        <Space>
          <Button onClick={() => onDone?.(false)}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => void save()} disabled={problems.length > 0}>
            {t('pipeline.save')}
          </Button>
        </Space>
      }
    >
      <Form layout="inline" component="div" style={{ rowGap: 8, marginBottom: 16 }}>
        <Form.Item label={t('layout.labelEn')}>
          <Input
            value={pipeline.label.en}
            onChange={(e) => setPipeline({ ...pipeline, label: { ...pipeline.label, en: e.target.value } })}
            aria-label={t('pipeline.labelEn')}
          />
        </Form.Item>
        <Form.Item label={t('layout.labelZh')}>
          <Input
            value={pipeline.label['zh-CN'] ?? ''}
            onChange={(e) => setPipeline({ ...pipeline, label: { ...pipeline.label, 'zh-CN': e.target.value } })}
            aria-label={t('pipeline.labelZh')}
          />
        </Form.Item>
        <Form.Item label={t('field.apiName')}>
          <Input
            value={pipeline.apiName}
            onChange={(e) => setPipeline({ ...pipeline, apiName: e.target.value })}
            aria-label={t('field.apiName')}
            style={{ fontFamily: 'monospace' }}
          />
        </Form.Item>
        <Form.Item label={t('pipelines.field')}>
          <Select
            value={pipeline.field || undefined}
            disabled={original !== undefined}
            style={{ minWidth: 180 }}
            aria-label={t('pipelines.field')}
            onChange={(apiName: string) =>
              setPipeline({ ...pipeline, field: apiName, stages: stagesForField(object.fields.find((f) => f.apiName === apiName)) })
            }
            options={picklists.map((f) => ({ value: f.apiName, label: `${label(f.label, f.apiName)} (${f.apiName})` }))}
          />
        </Form.Item>
        <Form.Item label={t('common.default')}>
          <Switch checked={pipeline.isDefault === true} onChange={(isDefault) => setPipeline({ ...pipeline, isDefault })} aria-label={t('common.default')} />
        </Form.Item>
      </Form>

      <Card size="small" title={t('pipeline.appliesWhen')} style={{ marginBottom: 16 }}>
        <Radio.Group
          value={pipeline.appliesWhen === undefined ? 'all' : 'some'}
          onChange={(e) => {
            if (e.target.value === 'all') {
              const { appliesWhen: _drop, ...rest } = pipeline;
              setPipeline(rest);
            } else setPipeline({ ...pipeline, appliesWhen: { and: [] } });
          }}
          options={[
            { value: 'all', label: t('pipeline.allRecords') },
            { value: 'some', label: t('pipeline.someRecords') },
          ]}
          style={{ marginBottom: 8 }}
        />
        {siblings.length > 0 && pipeline.appliesWhen === undefined && (
          <Alert type="info" showIcon title={t('pipeline.severalHelp', { count: siblings.length })} />
        )}
        {pipeline.appliesWhen !== undefined && (
          <ConditionBuilder
            value={pipeline.appliesWhen}
            onChange={(appliesWhen) => setPipeline({ ...pipeline, appliesWhen })}
            paths={paths}
            caption={t('pipeline.appliesCaption')}
            name={t('pipeline.appliesWhen')}
          />
        )}
      </Card>

      <Typography.Title level={5}>{t('pipelines.stages')}</Typography.Title>
      <div style={{ overflowX: 'auto', paddingBottom: 8 }}>
        <SortableList items={pipeline.stages} idOf={(s) => s.id} onReorder={(stages) => setPipeline({ ...pipeline, stages })} direction="horizontal">
          <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }} data-testid="pipeline-stages">
            {pipeline.stages.map((stage, index) => (
              <SortableItem key={stage.id} id={stage.id} handleLabel={t('pipeline.dragStage')} style={{ flex: '0 0 300px' }}>
                {(handle) => (
                  <StageCard
                    stage={stage}
                    index={index}
                    count={pipeline.stages.length}
                    handle={handle}
                    isNew={added.has(stage.value)}
                    object={object}
                    paths={paths}
                    onChange={(patch) => setPipeline(updateStage(pipeline, stage.id, patch))}
                    onRequired={(required) => setPipeline(setRequiredFields(pipeline, stage.id, required))}
                    onMove={(to) => setPipeline(moveStage(pipeline, index, to))}
                    onRemove={() => setPipeline(removeStage(pipeline, stage.id))}
                  />
                )}
              </SortableItem>
            ))}
          </div>
        </SortableList>
      </div>
      <Space wrap style={{ marginTop: 12 }}>
        <Select
          placeholder={t('pipeline.addExisting')}
          value={null}
          disabled={unusedOptions.length === 0}
          style={{ minWidth: 220 }}
          aria-label={t('pipeline.addExisting')}
          onChange={(value: string) => {
            const option = unusedOptions.find((o) => o.value === value);
            if (option) setPipeline(addStage(pipeline, option.value, { ...option.label }));
          }}
          options={unusedOptions.map((o) => ({ value: o.value, label: label(o.label, o.value) }))}
        />
        <Space.Compact>
          <Input
            value={newStageLabel}
            onChange={(e) => setNewStageLabel(e.target.value)}
            onPressEnter={addNewStage}
            placeholder={t('pipeline.newStageLabel')}
            aria-label={t('pipeline.newStageLabel')}
          />
          <Button icon={<PlusOutlined />} onClick={addNewStage} disabled={!newStageLabel.trim() || !field}>
            {t('pipeline.addStage')}
          </Button>
        </Space.Compact>
      </Space>
      {added.size > 0 && (
        <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('pipeline.newOptions', { values: [...added].join(', '), field: pipeline.field })} />
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={t('field.problems')}
          data-testid="pipeline-problems"
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
        />
      )}
    </Card>
  );
}

const CATEGORY_COLORS: Record<StageCategory, string> = { open: '#1677ff', won: '#52c41a', lost: '#f5222d' };

function StageCard({
  stage,
  index,
  count,
  handle,
  isNew,
  object,
  paths,
  onChange,
  onRequired,
  onMove,
  onRemove,
}: {
  stage: PipelineStage;
  index: number;
  count: number;
  handle: React.ReactNode;
  isNew: boolean;
  object: ObjectDef;
  paths: ReturnType<typeof fieldPaths>;
  onChange: (patch: Partial<PipelineStage>) => void;
  onRequired: (paths: string[]) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { t, label } = useT();
  const required = requiredFieldsOf(stage.entryCondition);
  const [mode, setMode] = useState<'fields' | 'condition'>(required ? 'fields' : 'condition');
  const requirable = object.fields.filter((f: FieldDef) => f.type !== 'formula' && f.type !== 'autoNumber');
  return (
    <Card
      size="small"
      data-testid={`stage-${stage.value}`}
      style={{ borderTop: `3px solid ${CATEGORY_COLORS[stage.category]}` }}
      title={
        <Space>
          {handle}
          <span>{label(stage.label, stage.value)}</span>
          {isNew && <Tag color="blue">{t('pipeline.newOption')}</Tag>}
        </Space>
      }
      extra={
        <Space size={2}>
          <Button
            size="small"
            type="text"
            icon={<ArrowLeftOutlined />}
            disabled={index === 0}
            onClick={() => onMove(index - 1)}
            aria-label={t('pipeline.stageEarlier', { stage: stage.value })}
          />
          <Button
            size="small"
            type="text"
            icon={<ArrowRightOutlined />}
            disabled={index === count - 1}
            onClick={() => onMove(index + 1)}
            aria-label={t('pipeline.stageLater', { stage: stage.value })}
          />
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('pipeline.removeStage', { stage: stage.value })} />
        </Space>
      }
    >
      <Form layout="vertical" component="div" size="small">
        <Form.Item label={t('pipeline.stageLabelEn')} style={{ marginBottom: 8 }}>
          <Input
            value={stage.label.en}
            onChange={(e) => onChange({ label: { ...stage.label, en: e.target.value } })}
            aria-label={t('pipeline.stageLabelEnFor', { stage: stage.value })}
          />
        </Form.Item>
        <Form.Item label={t('pipeline.stageLabelZh')} style={{ marginBottom: 8 }}>
          <Input
            value={stage.label['zh-CN'] ?? ''}
            onChange={(e) => onChange({ label: { ...stage.label, 'zh-CN': e.target.value } })}
            aria-label={t('pipeline.stageLabelZhFor', { stage: stage.value })}
          />
        </Form.Item>
        <Form.Item label={t('pipeline.value')} style={{ marginBottom: 8 }}>
          <code>{stage.value}</code>
        </Form.Item>
        <Form.Item label={t('pipeline.category')} style={{ marginBottom: 8 }}>
          <Radio.Group
            size="small"
            optionType="button"
            value={stage.category}
            onChange={(e) => {
              const category = e.target.value as StageCategory;
              onChange({ category, ...(category === 'won' ? { probability: 100 } : category === 'lost' ? { probability: 0 } : {}) });
            }}
            options={(['open', 'won', 'lost'] as const).map((c) => ({ value: c, label: t(`pipeline.category.${c}`) }))}
            aria-label={t('pipeline.categoryFor', { stage: stage.value })}
          />
        </Form.Item>
        <Form.Item label={t('pipeline.probability')} style={{ marginBottom: 8 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Slider
              style={{ flex: 1, marginRight: 12 }}
              min={0}
              max={100}
              value={stage.probability}
              onChange={(probability: number) => onChange({ probability })}
            />
            <InputNumber
              min={0}
              max={100}
              value={stage.probability}
              formatter={(v) => `${v}%`}
              parser={(v) => Number((v ?? '').replace('%', ''))}
              onChange={(v) => onChange({ probability: typeof v === 'number' ? v : 0 })}
              aria-label={t('pipeline.probabilityFor', { stage: stage.value })}
              style={{ width: 80 }}
            />
          </Space.Compact>
        </Form.Item>
        <Form.Item label={t('pipeline.entry')} style={{ marginBottom: 8 }}>
          <Radio.Group
            size="small"
            value={mode}
            onChange={(e) => {
              const next = e.target.value as 'fields' | 'condition';
              if (next === 'fields' && !requiredFieldsOf(stage.entryCondition)) onChange({ entryCondition: undefined });
              setMode(next);
            }}
            options={[
              { value: 'fields', label: t('pipeline.requiredFields') },
              { value: 'condition', label: t('pipeline.condition') },
            ]}
          />
        </Form.Item>
        {mode === 'fields' ? (
          <Select
            mode="multiple"
            allowClear
            style={{ width: '100%', marginBottom: 8 }}
            placeholder={t('pipeline.requiredPlaceholder')}
            value={required ?? []}
            onChange={(next: string[]) => onRequired(next)}
            options={requirable.map((f) => ({ value: valuePathOf(f), label: label(f.label, f.apiName) }))}
            aria-label={t('pipeline.requiredFor', { stage: stage.value })}
          />
        ) : (
          <div style={{ marginBottom: 8 }}>
            <ConditionBuilder
              value={stage.entryCondition}
              onChange={(logic: JsonLogic) => onChange({ entryCondition: logic === true ? undefined : logic })}
              paths={paths}
            />
          </div>
        )}
        {stage.entryCondition !== undefined && (
          <>
            <Form.Item label={t('pipeline.entryMessageEn')} style={{ marginBottom: 8 }}>
              <Input.TextArea
                rows={2}
                value={stage.entryMessage?.en ?? ''}
                onChange={(e) =>
                  onChange({
                    entryMessage: e.target.value || stage.entryMessage?.['zh-CN'] ? { ...(stage.entryMessage ?? { en: '' }), en: e.target.value } : undefined,
                  })
                }
                aria-label={t('pipeline.entryMessageEn')}
              />
            </Form.Item>
            <Form.Item label={t('pipeline.entryMessageZh')} style={{ marginBottom: 0 }}>
              <Input.TextArea
                rows={2}
                value={stage.entryMessage?.['zh-CN'] ?? ''}
                onChange={(e) => onChange({ entryMessage: { ...(stage.entryMessage ?? { en: '' }), 'zh-CN': e.target.value } })}
                aria-label={t('pipeline.entryMessageZh')}
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Card>
  );
}

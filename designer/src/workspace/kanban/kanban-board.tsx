import { MoreOutlined } from '@ant-design/icons';
import { AtriumApiError } from '@atrium/client';
import type { FieldDef, ObjectDef, PipelineDef, PipelineStage } from '@atrium/metadata';
import {
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Alert, App, Button, Card, Dropdown, Select, Skeleton, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../app/api/api-errors.ts';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { useAccess } from '../../app/permissions/access-context.tsx';
import { useApi } from '../../app/session/session-context.tsx';
import { EmptyState, ErrorState } from '../../app/states/states.tsx';
import { FieldValue } from '../fields/field-value.tsx';
import { recordName, valueKind } from '../fields/field-values.ts';
import { mergeExpanded, type Row } from '../list/use-record-list.ts';
import { checkRecordRules } from '../record/rule-check.ts';

const PER_STAGE = 50;

interface Column {
  rows: Row[];
  total: number;
}

/** Fields a card shows under the name: the layout's first amounts, dates and lookups (three at most). */
export function cardFields(object: ObjectDef, pipeline: PipelineDef, layoutFields: string[], readable: (f: string) => boolean): FieldDef[] {
  const order = [...layoutFields, ...object.fields.map((f) => f.apiName)];
  const picked: FieldDef[] = [];
  for (const name of order) {
    const field = object.fields.find((f) => f.apiName === name && f.state !== 'deleted');
    if (!field || picked.includes(field) || name === object.nameField || name === pipeline.field || !readable(name)) continue;
    const kind = valueKind(field);
    if (['currency', 'date', 'lookup', 'percent'].includes(kind)) picked.push(field);
    if (picked.length === 3) break;
  }
  return picked;
}

function KanbanCard({
  object,
  row,
  fields,
  stages,
  currentStage,
  problem,
  canMove,
  onMove,
  dragging,
}: {
  object: ObjectDef;
  row: Row;
  fields: FieldDef[];
  stages: PipelineStage[];
  currentStage: string;
  problem?: string | undefined;
  canMove: boolean;
  onMove(row: Row, stage: string): void;
  dragging?: boolean;
}) {
  const { t, label } = useI18n();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: row.id, data: { row, stage: currentStage }, disabled: !canMove });
  const name = recordName(object, row);
  return (
    <div ref={setNodeRef} {...(canMove ? listeners : {})} {...(canMove ? attributes : {})} data-testid="kanban-card">
      <Card size="small" className={`atrium-kanban-card${isDragging && !dragging ? ' is-dragging' : ''}`}>
        <div style={{ display: 'flex', alignItems: 'flex-start', gap: 4 }}>
          <Link to={`/app/${object.apiName}/${row.id}`} style={{ fontWeight: 500, flex: 1, minWidth: 0 }} onPointerDown={(e) => e.stopPropagation()}>
            {name}
          </Link>
          {canMove && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: stages.filter((s) => s.value !== currentStage).map((s) => ({ key: s.value, label: label(s.label, s.value) })),
                onClick: ({ key }) => onMove(row, key),
              }}
            >
              <Button
                type="text"
                size="small"
                icon={<MoreOutlined />}
                aria-label={t('kanban.moveTo')}
                onPointerDown={(e) => e.stopPropagation()}
                onKeyDown={(e) => e.stopPropagation()}
              />
            </Dropdown>
          )}
        </div>
        <Space direction="vertical" size={0} style={{ width: '100%' }}>
          {fields
            .filter((f) => row[f.apiName] !== null && row[f.apiName] !== undefined)
            .map((f) => (
              <Typography.Text key={f.apiName} type="secondary" style={{ fontSize: 13 }}>
                <FieldValue field={f} value={row[f.apiName]} />
              </Typography.Text>
            ))}
        </Space>
        {problem && (
          <Alert type="error" showIcon title={problem} style={{ marginTop: 8, padding: '4px 8px', fontSize: 12 }} role="alert" data-testid="card-error" />
        )}
      </Card>
    </div>
  );
}

function StageColumn({ stage, column, children, loading }: { stage: PipelineStage; column: Column | undefined; children: React.ReactNode; loading: boolean }) {
  const { label, t } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id: stage.value });
  const title = label(stage.label, stage.value);
  return (
    <section ref={setNodeRef} className={`atrium-kanban-column${isOver ? ' is-over' : ''}`} aria-label={title} data-stage={stage.value}>
      <div className="atrium-kanban-column-head">
        <span style={{ flex: 1 }}>{title}</span>
        <Typography.Text type="secondary">{column?.total ?? ''}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('kanban.probability', { value: stage.probability })}
        </Typography.Text>
      </div>
      {loading && !column ? <Skeleton active title={false} paragraph={{ rows: 3 }} /> : children}
      {column && column.rows.length === 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', padding: '12px 6px', fontSize: 13 }}>
          {t('kanban.empty')}
        </Typography.Text>
      )}
      {column && column.total > column.rows.length && (
        <Typography.Text type="secondary" style={{ display: 'block', padding: '4px 6px', fontSize: 12 }}>
          {t('kanban.more', { count: column.total - column.rows.length })}
        </Typography.Text>
      )}
    </section>
  );
}

/** Pointer inside a column first; otherwise the column the card overlaps most (keyboard moves). */
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length ? within : rectIntersection(args);
};

/**
 * The records of an object by pipeline stage. Dragging a card (or choosing a stage from its menu)
 * moves it: the stage's entry condition is checked in the browser first, and a refusal — ours or
 * the server's VALIDATION_FAILED — is shown on the card with the rule's message.
 */
export function KanbanBoard({ object }: { object: ObjectDef }) {
  const { t, label } = useI18n();
  const index = useMetadataIndex();
  const access = useAccess();
  const client = useApi();
  const { message } = App.useApp();
  const pipelines = index.pipelines(object);
  const [pipelineId, setPipelineId] = useState(pipelines[0]?.id);
  const pipeline = pipelines.find((p) => p.id === pipelineId) ?? pipelines[0];
  const [columns, setColumns] = useState<Record<string, Column>>({});
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [active, setActive] = useState<Row | null>(null);
  const [reloads, setReloads] = useState(0);
  const rights = access.object(object);
  const canMove = rights.update && !!pipeline && access.canEditField(object, pipeline.field);
  const readable = useCallback((f: string) => access.canReadField(object, f), [access, object]);
  const fields = useMemo(
    () => (pipeline ? cardFields(object, pipeline, index.layout(object)?.sections.flatMap((s) => s.fields) ?? [], readable) : []),
    [object, pipeline, index, readable],
  );
  const expand = fields.filter((f) => {
    const target = valueKind(f) === 'lookup' ? index.target(f) : undefined;
    return target && access.object(target).read;
  });
  const expandKey = expand.map((f) => f.apiName).join(',');
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));

  useEffect(() => {
    if (!pipeline) return;
    let cancelled = false;
    setLoading(true);
    setError(null);
    setColumns({});
    Promise.all(
      pipeline.stages.map(async (stage) => {
        const page = await client.records(object.apiName).list({
          filter: { [pipeline.field]: { eq: stage.value } },
          limit: PER_STAGE,
          count: true,
          sort: ['-updatedAt'],
          ...(expandKey ? { expand: expandKey.split(',') } : {}),
        });
        return [stage.value, { rows: page.data as Row[], total: page.totalCount ?? page.data.length }] as const;
      }),
    )
      .then((entries) => {
        if (cancelled) return;
        setColumns(Object.fromEntries(entries));
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(e);
        setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [client, object.apiName, pipeline, expandKey, reloads]);

  const place = (row: Row, from: string, to: string) =>
    setColumns((cols) => {
      const next = { ...cols };
      const source = next[from];
      const target = next[to];
      if (source) next[from] = { rows: source.rows.filter((r) => r.id !== row.id), total: source.total - 1 };
      if (target) next[to] = { rows: [row, ...target.rows.filter((r) => r.id !== row.id)], total: target.total + 1 };
      return next;
    });

  const move = async (row: Row, to: string) => {
    if (!pipeline) return;
    const from = String(row[pipeline.field] ?? '');
    if (from === to) return;
    const stage = pipeline.stages.find((s) => s.value === to);
    const stageName = label(stage?.label, to);
    const moved = { ...row, [pipeline.field]: to };
    const local = checkRecordRules(index, object, moved, row)[0];
    if (local) {
      const text = label(local.message);
      setProblems((p) => ({ ...p, [row.id]: text }));
      message.error(`${t('kanban.refused', { stage: stageName })}: ${text}`);
      return;
    }
    setProblems((p) => {
      const { [row.id]: _gone, ...rest } = p;
      return rest;
    });
    place(moved, from, to);
    try {
      const fresh = (await client.records(object.apiName).update(row.id, { [pipeline.field]: to }, { expectedVersion: row.version })) as Row;
      setColumns((cols) => {
        const target = cols[to];
        return target ? { ...cols, [to]: { ...target, rows: target.rows.map((r) => (r.id === row.id ? mergeExpanded(r, fresh) : r)) } } : cols;
      });
      message.success(t('kanban.moved', { stage: stageName }));
    } catch (e) {
      place(row, to, from);
      access.noteError(object, 'update', e);
      const detail = e instanceof AtriumApiError ? (e.details.find((d) => d.path.endsWith(`/${pipeline.field}`)) ?? e.details[0]) : undefined;
      const text = detail?.message ?? errorMessage(e, t);
      setProblems((p) => ({ ...p, [row.id]: text }));
      message.error(`${t('kanban.refused', { stage: stageName })}: ${text}`);
      if (e instanceof AtriumApiError && e.code === 'CONFLICT') setReloads((n) => n + 1);
    }
  };

  if (!pipeline) return <EmptyState description={t('kanban.noPipeline', { objects: label(object.pluralLabel, object.pluralApiName) })} />;

  const onDragStart = (event: DragStartEvent) => setActive((event.active.data.current as { row: Row } | undefined)?.row ?? null);
  const onDragEnd = (event: DragEndEvent) => {
    setActive(null);
    const data = event.active.data.current as { row: Row; stage: string } | undefined;
    const to = event.over?.id;
    if (data && typeof to === 'string' && to !== data.stage) void move(data.row, to);
  };

  return (
    <div>
      <div className="atrium-toolbar">
        {pipelines.length > 1 && (
          <Select
            aria-label={t('kanban.pipeline')}
            value={pipeline.id}
            onChange={setPipelineId}
            style={{ minWidth: 200 }}
            options={pipelines.map((p) => ({ value: p.id, label: label(p.label, p.apiName) }))}
          />
        )}
        {canMove && <Typography.Text type="secondary">{t('kanban.dragHint')}</Typography.Text>}
      </div>
      {error !== null && <ErrorState error={error} retry={() => setReloads((n) => n + 1)} compact />}
      <DndContext sensors={sensors} collisionDetection={collision} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setActive(null)}>
        <div className="atrium-kanban" data-testid="kanban">
          {pipeline.stages.map((stage) => (
            <StageColumn key={stage.value} stage={stage} column={columns[stage.value]} loading={loading}>
              {columns[stage.value]?.rows.map((row) => (
                <KanbanCard
                  key={row.id}
                  object={object}
                  row={row}
                  fields={fields}
                  stages={pipeline.stages}
                  currentStage={stage.value}
                  problem={problems[row.id]}
                  canMove={canMove}
                  onMove={(r, to) => void move(r, to)}
                />
              ))}
            </StageColumn>
          ))}
        </div>
        <DragOverlay>
          {active ? (
            <div style={{ width: 256 }}>
              <Card size="small" className="atrium-kanban-card" style={{ boxShadow: '0 8px 24px rgba(0,0,0,0.15)' }}>
                <strong>{recordName(object, active)}</strong>
              </Card>
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
    </div>
  );
}

import { DeleteOutlined, DownOutlined, EditOutlined, FilterOutlined, SaveOutlined, SettingOutlined } from '@ant-design/icons';
import type { FieldDef, ObjectDef } from '@atrium/metadata';
import { App, Badge, Button, Card, Checkbox, Dropdown, Grid, Input, List, Modal, Popconfirm, Popover, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage } from '../../app/api/api-errors.ts';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { useAccess } from '../../app/permissions/access-context.tsx';
import { useApi, useSession } from '../../app/session/session-context.tsx';
import { EmptyState, ErrorState } from '../../app/states/states.tsx';
import { FieldValue } from '../fields/field-value.tsx';
import { isReadOnlyType, isSortable, recordName, valueKind } from '../fields/field-values.ts';
import { useLookupNames } from '../fields/use-lookup-names.ts';
import { ValueInput } from '../fields/value-input.tsx';
import { EditableCell } from './editable-cell.tsx';
import { buildFilter, completeConditions, type FilterCondition, type FilterMatch, sortParam } from './filter-model.ts';
import { FilterPanel } from './filter-panel.tsx';
import { defaultColumns } from './list-columns.ts';
import { loadViews, newViewId, type SavedView, storeViews, upsertView } from './saved-views.ts';
import { type Row, useRecordList } from './use-record-list.ts';

type Sort = { field: string; direction: 'ascend' | 'descend' } | undefined;

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/** Runs `work` over items, `width` at a time; resolves to how many succeeded and failed. */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<unknown>): Promise<{ ok: number; failed: number; errors: unknown[] }> {
  let ok = 0;
  const errors: unknown[] = [];
  for (let i = 0; i < items.length; i += width) {
    const results = await Promise.allSettled(items.slice(i, i + width).map(work));
    for (const r of results) {
      if (r.status === 'fulfilled') ok += 1;
      else errors.push(r.reason);
    }
  }
  return { ok, failed: errors.length, errors };
}

/** A column's width by the kind of value it shows (the table's layout is fixed). */
function columnWidth(field: FieldDef, isName: boolean): number {
  if (isName) return 280;
  switch (valueKind(field)) {
    case 'boolean':
      return 100;
    case 'date':
    case 'integer':
    case 'percent':
      return 130;
    case 'number':
    case 'currency':
    case 'datetime':
    case 'picklist':
      return 170;
    default:
      return 200;
  }
}

/**
 * An object's list: columns, filters in the API's grammar, sort, saved views (this browser),
 * in-place edits and bulk actions on a selection. On a phone, records are cards.
 */
export function ListView({ object }: { object: ObjectDef }) {
  const { t, label } = useI18n();
  const index = useMetadataIndex();
  const access = useAccess();
  const client = useApi();
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const tenant = me?.tenant.key ?? '';
  const rights = access.object(object);
  const readable = (f: string) => access.canReadField(object, f);

  // The list is keyed by object (its state starts afresh for each); columns are chosen once.
  const initialColumns = useMemo(() => defaultColumns(object, index.layout(object), readable), [object, index]);
  const [views, setViews] = useState<SavedView[]>(() => loadViews(tenant, object.apiName));
  const [viewId, setViewId] = useState<string>('');
  const [columns, setColumns] = useState<string[]>(initialColumns);
  const [conditions, setConditions] = useState<FilterCondition[]>([]);
  const [match, setMatch] = useState<FilterMatch>('all');
  const [sort, setSort] = useState<Sort>(undefined);
  const [search, setSearch] = useState('');
  const [showFilters, setShowFilters] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [saveOpen, setSaveOpen] = useState(false);
  const [viewName, setViewName] = useState('');
  const [bulkField, setBulkField] = useState<string | undefined>();
  const [bulkValue, setBulkValue] = useState<unknown>(undefined);
  const [bulkBusy, setBulkBusy] = useState(false);

  const debouncedSearch = useDebounced(search, 250);
  const debouncedConditions = useDebounced(conditions, 300);
  const filter = useMemo(() => buildFilter(object, debouncedConditions, match, debouncedSearch), [object, debouncedConditions, match, debouncedSearch]);
  const visible = columns.filter((c) => readable(c) && index.field(object, c));
  const list = useRecordList(object, { ...(filter ? { filter } : {}), ...(sort ? { sort: sortParam(sort.field, sort.direction) } : {}) });
  // Lookup columns show the names of the records they point at (one small request per object).
  const lookups = useLookupNames(object, list.rows, visible);
  // Rows show at once; lookup names fill in a moment later (fixed column widths: nothing moves).
  const loading = list.loading;
  const rows = list.rows;
  const filterCount = completeConditions(object, conditions);

  const applyView = (id: string) => {
    setViewId(id);
    const view = views.find((v) => v.id === id);
    setColumns(view?.columns.length ? view.columns : initialColumns);
    setConditions(view?.conditions ?? []);
    setMatch(view?.match ?? 'all');
    setSort(view?.sort);
    setShowFilters((view?.conditions.length ?? 0) > 0);
  };

  const saveView = (asNew: boolean) => {
    const current = views.find((v) => v.id === viewId);
    const view: SavedView = {
      id: asNew || !current ? newViewId() : current.id,
      name: asNew || !current ? viewName.trim() : current.name,
      columns,
      conditions,
      match,
      ...(sort ? { sort } : {}),
    };
    const next = upsertView(views, view);
    setViews(next);
    storeViews(tenant, object.apiName, next);
    setViewId(view.id);
    setSaveOpen(false);
    setViewName('');
    message.success(t('list.viewSaved', { name: view.name }));
  };

  const deleteView = () => {
    const next = views.filter((v) => v.id !== viewId);
    setViews(next);
    storeViews(tenant, object.apiName, next);
    applyView('');
  };

  const bulkDelete = async () => {
    setBulkBusy(true);
    const ids = [...selected];
    const result = await inBatches(ids, 4, (id) => client.records(object.apiName).delete(id));
    setBulkBusy(false);
    if (result.errors[0]) {
      access.noteError(object, 'delete', result.errors[0]);
      message.error(`${t('list.bulkDone', { ok: result.ok, failed: result.failed })}: ${errorMessage(result.errors[0], t)}`);
    } else message.success(t('list.bulkDeleted', { count: result.ok }));
    setSelected([]);
    list.reload();
  };

  const bulkSet = async () => {
    if (!bulkField) return;
    setBulkBusy(true);
    const rows = list.rows.filter((r) => selected.includes(r.id));
    const patch = { [bulkField]: bulkValue === undefined || bulkValue === '' ? null : bulkValue };
    const result = await inBatches(rows, 4, async (row) =>
      list.replace((await client.records(object.apiName).update(row.id, patch, { expectedVersion: row.version })) as Row),
    );
    setBulkBusy(false);
    if (result.errors[0]) {
      access.noteError(object, 'update', result.errors[0]);
      message.warning(`${t('list.bulkDone', { ok: result.ok, failed: result.failed })}: ${errorMessage(result.errors[0], t)}`);
    } else message.success(t('list.bulkDone', { ok: result.ok, failed: 0 }));
    setBulkField(undefined);
    setBulkValue(undefined);
  };

  const editableFields = index
    .fields(object)
    .filter((f) => !isReadOnlyType(f) && access.canEditField(object, f.apiName) && f.type !== 'manyToMany' && f.type !== 'address' && f.type !== 'json');

  const tableColumns: ColumnsType<Row> = visible.map((name) => {
    const field = index.field(object, name)!;
    const isName = name === object.nameField;
    const editable =
      rights.update &&
      !isName &&
      !isReadOnlyType(field) &&
      access.canEditField(object, name) &&
      field.type !== 'address' &&
      field.type !== 'json' &&
      field.type !== 'manyToMany';
    return {
      key: name,
      dataIndex: name,
      title: label(field.label, name),
      sorter: isSortable(field),
      width: columnWidth(field, isName),
      ellipsis: true,
      sortOrder: sort?.field === name ? sort.direction : null,
      render: (_: unknown, row: Row) =>
        isName ? (
          <Link to={`/app/${object.apiName}/${row.id}`}>{recordName(object, row)}</Link>
        ) : (
          <EditableCell object={object} field={field} row={row} editable={editable} onSaved={list.replace} names={lookups.names} />
        ),
    };
  });

  const columnChooser = (
    <Checkbox.Group
      value={columns}
      onChange={(next) => {
        const chosen = next as string[];
        // Keep the order of the object's fields, the name first.
        const order = [object.nameField, ...index.fields(object).map((f) => f.apiName)];
        setColumns(order.filter((n, i) => order.indexOf(n) === i && chosen.includes(n)));
      }}
      style={{ display: 'grid', gap: 4, maxHeight: 360, overflow: 'auto', minWidth: 200 }}
      options={index
        .fields(object)
        .filter((f) => readable(f.apiName) && f.type !== 'manyToMany')
        .map((f) => ({ value: f.apiName, label: label(f.label, f.apiName), disabled: f.apiName === object.nameField }))}
    />
  );

  const objects = label(object.pluralLabel, object.pluralApiName);
  const filtered = filter !== undefined;
  const empty = !loading && !list.error && list.rows.length === 0;

  return (
    <div>
      <div className="atrium-toolbar">
        <Input.Search
          allowClear
          placeholder={t('list.quickSearch', { objects })}
          aria-label={t('list.quickSearch', { objects })}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: phone ? '100%' : 240 }}
        />
        <Badge count={filterCount} size="small">
          <Button
            icon={<FilterOutlined />}
            onClick={() => setShowFilters((s) => !s)}
            aria-expanded={showFilters}
            type={showFilters ? 'primary' : 'default'}
            ghost={showFilters}
          >
            {t('list.filters')}
          </Button>
        </Badge>
        {!phone && (
          <Popover content={columnChooser} trigger="click" placement="bottomLeft" title={t('list.columns')}>
            <Button icon={<SettingOutlined />}>{t('list.columns')}</Button>
          </Popover>
        )}
        <Select
          aria-label={t('list.views')}
          value={viewId}
          onChange={applyView}
          style={{ minWidth: 160 }}
          options={[{ value: '', label: t('list.allRecords') }, ...views.map((v) => ({ value: v.id, label: v.name }))]}
        />
        <Space.Compact>
          <Button icon={<SaveOutlined />} onClick={() => (viewId ? saveView(false) : setSaveOpen(true))}>
            {t('list.saveView')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [{ key: 'new', label: t('list.saveViewAs') }, ...(viewId ? [{ key: 'delete', label: t('list.deleteView'), danger: true }] : [])],
              onClick: ({ key }) => (key === 'delete' ? deleteView() : setSaveOpen(true)),
            }}
          >
            <Button icon={<DownOutlined />} aria-label={t('list.views')} />
          </Dropdown>
        </Space.Compact>
        <span style={{ marginInlineStart: 'auto' }}>
          <Typography.Text type="secondary" aria-live="polite">
            {list.totalCount !== undefined &&
              (list.rows.length < list.totalCount
                ? t('list.countSome', { shown: list.rows.length, count: list.totalCount })
                : t('list.count', { count: list.totalCount }))}
          </Typography.Text>
        </span>
      </div>

      {showFilters && (
        <FilterPanel
          object={object}
          conditions={conditions}
          match={match}
          onChange={(c, m) => {
            setConditions(c);
            setMatch(m);
          }}
        />
      )}

      {selected.length > 0 && (
        <Card size="small" className="atrium-gap" role="region" aria-label={t('list.selected', { count: selected.length })}>
          <Space wrap>
            <Typography.Text strong>{t('list.selected', { count: selected.length })}</Typography.Text>
            {rights.update && editableFields.length > 0 && (
              <>
                <Select
                  aria-label={t('list.bulkSet')}
                  placeholder={t('list.bulkSet')}
                  style={{ width: 180 }}
                  value={bulkField}
                  onChange={(f: string) => {
                    setBulkField(f);
                    setBulkValue(undefined);
                  }}
                  options={editableFields.map((f) => ({ value: f.apiName, label: label(f.label, f.apiName) }))}
                />
                {bulkField && (
                  <div style={{ width: 200 }}>
                    <ValueInput field={index.field(object, bulkField)!} purpose="edit" value={bulkValue} onChange={setBulkValue} />
                  </div>
                )}
                <Button icon={<EditOutlined />} disabled={!bulkField} loading={bulkBusy} onClick={() => void bulkSet()}>
                  {t('list.bulkSetApply', { count: selected.length })}
                </Button>
              </>
            )}
            {rights.delete && (
              <Popconfirm title={t('list.bulkDeleteConfirm', { count: selected.length })} onConfirm={() => void bulkDelete()}>
                <Button danger icon={<DeleteOutlined />} loading={bulkBusy}>
                  {t('list.bulkDelete')}
                </Button>
              </Popconfirm>
            )}
            <Button type="link" onClick={() => setSelected([])}>
              {t('list.clearSelection')}
            </Button>
          </Space>
        </Card>
      )}

      {list.error !== null && <ErrorState error={list.error} retry={list.reload} compact />}

      {empty ? (
        <Card>
          <EmptyState
            description={filtered ? t('list.emptyFiltered', { objects }) : t('list.empty', { objects })}
            action={
              filtered ? (
                <Button
                  onClick={() => {
                    setConditions([]);
                    setSearch('');
                  }}
                >
                  {t('list.clearFilters')}
                </Button>
              ) : rights.create ? (
                <Button type="primary" onClick={() => navigate(`/app/${object.apiName}/new`)}>
                  {t('list.new', { object: label(object.label, object.apiName) })}
                </Button>
              ) : undefined
            }
          />
        </Card>
      ) : phone ? (
        <List
          loading={loading}
          dataSource={rows}
          rowKey="id"
          renderItem={(row) => (
            <List.Item>
              <List.Item.Meta
                title={<Link to={`/app/${object.apiName}/${row.id}`}>{recordName(object, row)}</Link>}
                description={
                  <Space wrap size={[12, 2]}>
                    {visible
                      .filter((c) => c !== object.nameField)
                      .slice(0, 3)
                      .map((c) => (
                        <span key={c}>
                          <FieldValue field={index.field(object, c)} value={row[c]} names={lookups.names} />
                        </span>
                      ))}
                  </Space>
                }
              />
            </List.Item>
          )}
          style={{ background: '#fff', borderRadius: 8, padding: '0 12px', minHeight: 400 }}
        />
      ) : (
        <Table<Row>
          className="atrium-table"
          rowKey="id"
          size="middle"
          columns={tableColumns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          // Fixed widths, no fixed columns or sticky header: the browser lays 50 rows out without
          // measuring their content, and values that arrive later (lookup names) move nothing.
          tableLayout="fixed"
          rowSelection={
            rights.update || rights.delete
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), preserveSelectedRowKeys: false }
              : undefined
          }
          onChange={(_p, _f, sorter) => {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Row> | undefined;
            setSort(s?.order && s.columnKey ? { field: String(s.columnKey), direction: s.order } : undefined);
          }}
          locale={{ emptyText: ' ' }}
          style={{ minHeight: 400 }}
        />
      )}
      {list.hasMore && !loading && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={list.loadMore} loading={list.loadingMore}>
            {t('list.loadMore')}
          </Button>
        </div>
      )}

      <Modal
        open={saveOpen}
        title={t('list.saveViewAs')}
        onCancel={() => setSaveOpen(false)}
        onOk={() => saveView(true)}
        okButtonProps={{ disabled: !viewName.trim() }}
        destroyOnHidden
      >
        <Input
          autoFocus
          aria-label={t('list.viewName')}
          placeholder={t('list.viewName')}
          value={viewName}
          onChange={(e) => setViewName(e.target.value)}
          onPressEnter={() => viewName.trim() && saveView(true)}
        />
      </Modal>
    </div>
  );
}

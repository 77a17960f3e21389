import { DeleteOutlined, DownOutlined, EditOutlined, FilterOutlined, SaveOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import type { SavedView, ViewSort } from '@atrium/client';
import type { FieldDef, ObjectDef } from '@atrium/metadata';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Dropdown,
  Grid,
  Input,
  List,
  Modal,
  Popconfirm,
  Popover,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage, hasCode } from '../../app/api/api-errors.ts';
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
import { type ApiFilter, buildFilter, completeConditions, type FilterCondition, type FilterMatch } from './filter-model.ts';
import { FilterPanel } from './filter-panel.tsx';
import { defaultColumns } from './list-columns.ts';
import { combineFilters, sortParams, type ViewState, viewDefinition, viewState } from './saved-views.ts';
import { type Row, useRecordList } from './use-record-list.ts';
import { useSavedViews } from './use-saved-views.ts';

/** `value`, changing `ms` after it stops changing; at once when `flushKey` changes (a view applied). */
function useDebounced<T>(value: T, ms: number, flushKey: unknown = undefined): T {
  const [state, setState] = useState({ value, key: flushKey });
  const flushed = state.key !== flushKey;
  if (flushed) setState({ value, key: flushKey });
  useEffect(() => {
    const timer = setTimeout(() => setState((s) => ({ ...s, value })), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return flushed ? value : state.value;
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

/** The view settings dialog: a new view (save as) or the chosen one's name and sharing. */
type ViewDialog = { mode: 'new' | 'edit'; name: string; shared: boolean } | null;

/**
 * An object's list: columns, filters in the API's grammar, sort, saved views (kept on the server:
 * the user's own and those shared with everyone; the chosen one is in the URL, `?view=<id>`),
 * in-place edits and bulk actions on a selection. On a phone, records are cards.
 */
export function ListView({ object }: { object: ObjectDef }) {
  const { t, label } = useI18n();
  const index = useMetadataIndex();
  const access = useAccess();
  const client = useApi();
  const { me } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const tenant = me?.tenant.key ?? '';
  const rights = access.object(object);
  const readable = (f: string) => access.canReadField(object, f);

  // The list is keyed by object (its state starts afresh for each); columns are chosen once.
  const initialColumns = useMemo(() => defaultColumns(object, index.layout(object), readable), [object, index]);
  const saved = useSavedViews(object, tenant, readable, (count) => message.success(t('list.viewsImported', { count })));
  const viewId = params.get('view') ?? '';
  const current = saved.views.find((v) => v.id === viewId);
  const [columns, setColumns] = useState<string[]>(initialColumns);
  const [conditions, setConditions] = useState<FilterCondition[]>([]);
  const [match, setMatch] = useState<FilterMatch>('all');
  const [fixed, setFixed] = useState<ApiFilter[]>([]);
  const [sort, setSort] = useState<ViewSort[]>([]);
  const [search, setSearch] = useState('');
  const [showFilters, setShowFilters] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<ViewDialog>(null);
  const [viewBusy, setViewBusy] = useState(false);
  const [bulkField, setBulkField] = useState<string | undefined>();
  const [bulkValue, setBulkValue] = useState<unknown>(undefined);
  const [bulkBusy, setBulkBusy] = useState(false);

  /** The view (id) whose definition the list's state was last set from ('' for All records). */
  const applied = useRef<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const applyState = (state: ViewState) => {
    setGeneration((n) => n + 1);
    setColumns(state.columns);
    setConditions(state.conditions);
    setMatch(state.match);
    setFixed(state.fixed);
    setSort(state.sort);
    setShowFilters(state.conditions.length > 0);
  };
  const allRecords: ViewState = { columns: initialColumns, conditions: [], match: 'all', fixed: [], sort: [] };

  // The view in the URL sets the list's state once it is known (a link, back and forward).
  useEffect(() => {
    if (applied.current === viewId) return;
    if (!viewId) {
      if (applied.current !== null) applyState(allRecords);
      applied.current = '';
      return;
    }
    if (saved.status === 'loading') return;
    if (!current) {
      applied.current = '';
      if (saved.status === 'ready') message.warning(t('list.viewMissing'));
      setParams({}, { replace: true });
      applyState(allRecords);
      return;
    }
    applied.current = viewId;
    applyState(viewState(object, current.definition, initialColumns));
  }, [viewId, saved.status, current]);

  const debouncedSearch = useDebounced(search, 250);
  const debouncedConditions = useDebounced(conditions, 300, generation);
  const filter = useMemo(
    () => combineFilters([...fixed, buildFilter(object, debouncedConditions, match, debouncedSearch)]),
    [object, fixed, debouncedConditions, match, debouncedSearch],
  );
  const visible = columns.filter((c) => readable(c) && index.field(object, c));
  // A linked view: the records wait for its definition (no flash of All records).
  const waiting = viewId !== '' && applied.current !== viewId;
  const sortKeys = sortParams(sort);
  const list = useRecordList(object, { ...(filter ? { filter } : {}), ...(sortKeys ? { sort: sortKeys } : {}) }, !waiting);
  // Lookup columns show the names of the records they point at (one small request per object).
  const lookups = useLookupNames(object, list.rows, visible);
  // Rows show at once; lookup names fill in a moment later (fixed column widths: nothing moves).
  const loading = list.loading || waiting;
  const rows = list.rows;
  const filterCount = completeConditions(object, conditions) + fixed.length;

  const state: ViewState = { columns, conditions, match, fixed, sort };
  const definition = viewDefinition(object, state);
  const changed =
    current !== undefined && JSON.stringify(definition) !== JSON.stringify(viewDefinition(object, viewState(object, current.definition, initialColumns)));

  const chooseView = (id: string) => {
    if (id === viewId) return;
    setParams(id ? { view: id } : {});
  };

  const viewError = (error: unknown) => {
    if (hasCode(error, 'CONFLICT')) {
      message.error(t('list.viewConflict'));
      saved.reload();
    } else message.error(errorMessage(error, t));
  };

  /** Saves the list's state into the chosen view. */
  const saveView = async () => {
    if (!current) return;
    setViewBusy(true);
    try {
      await saved.update(current, { definition });
      message.success(t('list.viewSaved', { name: current.name }));
    } catch (error) {
      viewError(error);
    } finally {
      setViewBusy(false);
    }
  };

  const submitDialog = async () => {
    if (!dialog) return;
    const name = dialog.name.trim();
    if (!name) return;
    const visibility = dialog.shared ? 'everyone' : 'private';
    setViewBusy(true);
    try {
      if (dialog.mode === 'new') {
        const view = await saved.create({ name, visibility, definition });
        applied.current = view.id;
        setParams({ view: view.id });
        message.success(t('list.viewSaved', { name: view.name }));
      } else if (current) {
        const view = await saved.update(current, { name, ...(visibility !== current.visibility ? { visibility } : {}) });
        if (!view.mine && view.visibility === 'private') setParams({});
        message.success(t('list.viewSaved', { name: view.name }));
      }
      setDialog(null);
    } catch (error) {
      if (hasCode(error, 'ALREADY_EXISTS')) message.error(t('list.viewNameTaken', { name }));
      else viewError(error);
    } finally {
      setViewBusy(false);
    }
  };

  const deleteView = (view: SavedView) =>
    modal.confirm({
      title: t('list.deleteViewConfirm', { name: view.name }),
      content: view.visibility === 'everyone' ? t('list.deleteSharedViewNote') : undefined,
      okText: t('list.deleteView'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await saved.remove(view);
          setParams({});
          message.success(t('list.viewDeleted', { name: view.name }));
        } catch (error) {
          viewError(error);
        }
      },
    });

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
      sortOrder: sort[0]?.field === name ? (sort[0].direction === 'desc' ? 'descend' : 'ascend') : null,
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
          value={saved.status === 'loading' && viewId ? undefined : current ? viewId : ''}
          onChange={chooseView}
          loading={saved.status === 'loading'}
          style={{ minWidth: 180 }}
          popupMatchSelectWidth={false}
          options={[
            { value: '', label: t('list.allRecords') },
            ...saved.views.map((v) => ({
              value: v.id,
              label: (
                <span>
                  {v.name}
                  {v.visibility === 'everyone' && <TeamOutlined aria-label={t('list.sharedView')} style={{ marginInlineStart: 6, opacity: 0.6 }} />}
                </span>
              ),
            })),
          ]}
        />
        <Space.Compact>
          <Button
            icon={<SaveOutlined />}
            type={changed && current?.canEdit ? 'primary' : 'default'}
            loading={viewBusy}
            disabled={saved.status !== 'ready'}
            onClick={() => (current?.canEdit ? void saveView() : setDialog({ mode: 'new', name: '', shared: false }))}
          >
            {current?.canEdit ? t('list.saveView') : t('list.saveViewAs')}
          </Button>
          <Dropdown
            trigger={['click']}
            disabled={saved.status !== 'ready'}
            menu={{
              items: [
                { key: 'new', label: t('list.saveViewAs') },
                ...(current?.canEdit
                  ? [
                      { key: 'edit', label: saved.canShare ? t('list.renameShareView') : t('list.renameView') },
                      { key: 'delete', label: t('list.deleteView'), danger: true },
                    ]
                  : []),
              ],
              onClick: ({ key }) => {
                if (key === 'delete' && current) deleteView(current);
                else if (key === 'edit' && current) setDialog({ mode: 'edit', name: current.name, shared: current.visibility === 'everyone' });
                else setDialog({ mode: 'new', name: '', shared: false });
              },
            }}
          >
            <Button icon={<DownOutlined />} aria-label={t('list.viewActions')} />
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

      {saved.status === 'error' && (
        <Alert
          className="atrium-gap"
          type="warning"
          showIcon
          role="alert"
          title={`${t('list.viewsUnavailable')} ${errorMessage(saved.error, t)}`}
          action={
            <Button size="small" onClick={saved.reload}>
              {t('app.retry')}
            </Button>
          }
        />
      )}
      {current && current.omitted.length > 0 && applied.current === current.id && (
        <Alert className="atrium-gap" type="info" showIcon title={t('list.viewOmitted', { count: current.omitted.length })} />
      )}
      {fixed.length > 0 && (
        <Alert
          className="atrium-gap"
          type="info"
          showIcon
          title={t('list.fixedConditions', { count: fixed.length })}
          action={
            <Button size="small" onClick={() => setFixed([])}>
              {t('list.removeFixedConditions')}
            </Button>
          }
        />
      )}

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
                    setFixed([]);
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
            setSort(s?.order && s.columnKey ? [{ field: String(s.columnKey), direction: s.order === 'descend' ? 'desc' : 'asc' }] : []);
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
        open={dialog !== null}
        title={dialog?.mode === 'edit' ? (saved.canShare ? t('list.renameShareView') : t('list.renameView')) : t('list.saveViewAs')}
        onCancel={() => setDialog(null)}
        onOk={() => void submitDialog()}
        okText={t('list.saveViewOk')}
        okButtonProps={{ disabled: !dialog?.name.trim(), loading: viewBusy }}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input
            autoFocus
            aria-label={t('list.viewName')}
            placeholder={t('list.viewName')}
            maxLength={200}
            value={dialog?.name ?? ''}
            onChange={(e) => setDialog((d) => (d ? { ...d, name: e.target.value } : d))}
            onPressEnter={() => void submitDialog()}
          />
          {saved.canShare && (
            <Space>
              <Switch
                aria-label={t('list.shareWithEveryone')}
                checked={dialog?.shared ?? false}
                onChange={(shared) => setDialog((d) => (d ? { ...d, shared } : d))}
              />
              <Typography.Text>{t('list.shareWithEveryone')}</Typography.Text>
            </Space>
          )}
        </Space>
      </Modal>
    </div>
  );
}

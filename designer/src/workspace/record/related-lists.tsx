import { PlusOutlined } from '@ant-design/icons';
import type { LayoutDef, ObjectDef, RelatedList } from '@atrium/metadata';
import { Button, Card, Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { useAccess } from '../../app/permissions/access-context.tsx';
import { useApi } from '../../app/session/session-context.tsx';
import { ErrorState } from '../../app/states/states.tsx';
import { FieldValue } from '../fields/field-value.tsx';
import { recordName } from '../fields/field-values.ts';
import type { Row } from '../list/use-record-list.ts';

function RelatedTable({ parent, parentId, related }: { parent: ObjectDef; parentId: string; related: RelatedList }) {
  const index = useMetadataIndex();
  const access = useAccess();
  const client = useApi();
  const navigate = useNavigate();
  const { t, label } = useI18n();
  const child = index.object(related.object);
  const [state, setState] = useState<{ rows: Row[] | null; total?: number; error: unknown }>({ rows: null, error: null });
  const readable = child ? access.object(child).read && access.canReadField(child, related.field) : false;

  useEffect(() => {
    if (!child || !readable) return;
    let cancelled = false;
    client
      .records(child.apiName)
      .list({ filter: { [related.field]: { eq: parentId } }, limit: 10, count: true, sort: ['-updatedAt'] })
      .then((page) => !cancelled && setState({ rows: page.data as Row[], ...(page.totalCount !== undefined ? { total: page.totalCount } : {}), error: null }))
      .catch((error: unknown) => !cancelled && setState({ rows: null, error }));
    return () => {
      cancelled = true;
    };
  }, [client, child, readable, related.field, parentId]);

  if (!child || !readable) return null;
  const columns = related.columns.filter((c) => access.canReadField(child, c) && index.field(child, c));
  const title = `${label(related.label ?? child.pluralLabel, child.pluralApiName)}${state.total !== undefined ? ` (${state.total})` : ''}`;
  const canCreate = access.object(child).create && access.canEditField(child, related.field);
  return (
    <Card
      size="small"
      className="atrium-section"
      title={title}
      extra={
        canCreate && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() =>
              navigate(
                `/app/${child.apiName}/new?${encodeURIComponent(related.field)}=${encodeURIComponent(parentId)}&from=${encodeURIComponent(parent.apiName)}`,
              )
            }
          >
            {t('record.relatedNew')}
          </Button>
        )
      }
    >
      {state.error ? (
        <ErrorState error={state.error} compact />
      ) : (
        <Table<Row>
          size="small"
          rowKey="id"
          loading={state.rows === null}
          dataSource={state.rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('record.relatedEmpty') }}
          columns={columns.map((name, i) => {
            const field = index.field(child, name);
            // The name (or, when the name is not a column, the first column) opens the record.
            const opens = name === child.nameField || (i === 0 && !columns.includes(child.nameField));
            return {
              key: name,
              title: label(field?.label, name),
              render: (_: unknown, row: Row) =>
                opens ? (
                  <Link to={`/app/${child.apiName}/${row.id}`}>
                    {name === child.nameField ? recordName(child, row) : <FieldValue field={field} value={row[name]} />}
                  </Link>
                ) : (
                  <FieldValue field={field} value={row[name]} />
                ),
            };
          })}
        />
      )}
    </Card>
  );
}

/** The layout's related lists: the child records pointing at this one (first ten, newest first). */
export function RelatedLists({ object, id, layout }: { object: ObjectDef; id: string; layout: LayoutDef | undefined }) {
  if (!layout?.relatedLists.length) return null;
  return (
    <>
      {layout.relatedLists.map((related) => (
        <RelatedTable key={related.id} parent={object} parentId={id} related={related} />
      ))}
    </>
  );
}

import { Card, List, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { ObjectIcon } from '../../app/layout/object-icon.tsx';
import { EmptyState, ErrorState, Loading } from '../../app/states/states.tsx';
import { useSearch } from './use-search.ts';

/** `/search?q=`: records of every object whose name contains the text, 20 per object. */
export function SearchPage() {
  const [params] = useSearchParams();
  const query = params.get('q') ?? '';
  const { t, label } = useI18n();
  const { hits, loading, error } = useSearch(query, 20, 0);
  return (
    <div>
      <div className="atrium-page-header">
        <Typography.Title level={1}>{t('search.title', { query })}</Typography.Title>
      </div>
      {query.trim().length < 2 ? (
        <EmptyState description={t('search.minLength')} />
      ) : error ? (
        <ErrorState error={error} />
      ) : loading || !hits ? (
        <Loading rows={8} />
      ) : hits.length === 0 ? (
        <EmptyState description={t('search.noResults', { query })} />
      ) : (
        hits.map((hit) => (
          <Card
            key={hit.object.id}
            size="small"
            className="atrium-section"
            title={
              <span>
                <ObjectIcon object={hit.object} /> {label(hit.object.pluralLabel, hit.object.pluralApiName)} ({hit.totalCount})
              </span>
            }
          >
            <List
              size="small"
              dataSource={hit.records}
              renderItem={(r) => (
                <List.Item>
                  <Link to={`/app/${hit.object.apiName}/${r.id}`}>{r.name || r.id.slice(0, 8)}</Link>
                </List.Item>
              )}
            />
          </Card>
        ))
      )}
    </div>
  );
}

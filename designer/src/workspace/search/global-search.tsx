import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useSearch } from './use-search.ts';

/** The header's search box: matches by object as you type; Enter opens the full results. */
export function GlobalSearch() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const { hits } = useSearch(text, 5);
  const options = (hits ?? []).map((hit) => ({
    label: `${label(hit.object.pluralLabel, hit.object.pluralApiName)} (${hit.totalCount})`,
    options: hit.records.map((r) => ({ value: `/app/${hit.object.apiName}/${r.id}`, label: r.name || r.id.slice(0, 8) })),
  }));
  return (
    <AutoComplete
      style={{ width: '100%' }}
      options={options}
      value={text}
      onChange={(value: string) => setText(value.startsWith('/app/') ? text : value)}
      onSelect={(value: string) => {
        setText('');
        navigate(value);
      }}
      notFoundContent={hits && text.trim().length >= 2 ? t('search.noResults', { query: text.trim() }) : null}
    >
      <Input
        prefix={<SearchOutlined aria-hidden="true" />}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        allowClear
        onPressEnter={(e) => {
          // Enter without a highlighted option: the results page.
          if (text.trim().length >= 2 && !(e.target as HTMLElement).getAttribute('aria-activedescendant'))
            navigate(`/search?q=${encodeURIComponent(text.trim())}`);
        }}
      />
    </AutoComplete>
  );
}

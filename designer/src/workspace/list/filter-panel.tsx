import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ObjectDef } from '@atrium/metadata';
import { Button, Card, Radio, Select } from 'antd';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import type { MessageKey } from '../../app/i18n/messages-en.ts';
import { useAccess } from '../../app/permissions/access-context.tsx';
import { RelativeRangeSelect, ValueInput } from '../fields/value-input.tsx';
import {
  type ConditionOperator,
  defaultOperator,
  type FilterCondition,
  type FilterMatch,
  filterableFields,
  LIST_OPERATORS,
  newConditionId,
  operatorsFor,
  VALUELESS,
} from './filter-model.ts';

interface Props {
  object: ObjectDef;
  conditions: FilterCondition[];
  match: FilterMatch;
  onChange(conditions: FilterCondition[], match: FilterMatch): void;
}

/** Conditions of the list's filter, row by row: field, operator (of the field's type), value. */
export function FilterPanel({ object, conditions, match, onChange }: Props) {
  const { t, label } = useI18n();
  const access = useAccess();
  const fields = filterableFields(object, (f) => access.canReadField(object, f));
  const fieldOptions = fields.map((f) => ({ value: f.apiName, label: label(f.label, f.apiName) }));

  const update = (id: string, change: Partial<FilterCondition>) =>
    onChange(
      conditions.map((c) => (c.id === id ? { ...c, ...change } : c)),
      match,
    );
  const add = () => {
    const field = fields.find((f) => f.apiName === object.nameField) ?? fields[0];
    if (!field) return;
    onChange([...conditions, { id: newConditionId(), field: field.apiName, operator: defaultOperator(field) }], match);
  };

  return (
    <Card size="small" className="atrium-gap" aria-label={t('list.filters')}>
      {conditions.length > 1 && (
        <Radio.Group
          size="small"
          className="atrium-gap"
          value={match}
          onChange={(e) => onChange(conditions, e.target.value as FilterMatch)}
          options={[
            { value: 'all', label: t('list.matchAll') },
            { value: 'any', label: t('list.matchAny') },
          ]}
          optionType="button"
        />
      )}
      {conditions.map((condition, i) => {
        const field = fields.find((f) => f.apiName === condition.field);
        const operators = field ? operatorsFor(field) : [];
        return (
          <div className="atrium-filter-row" key={condition.id} data-testid="filter-row">
            <Select
              aria-label={`${t('list.field')} ${i + 1}`}
              showSearch={{ optionFilterProp: 'label' }}
              value={condition.field}
              options={fieldOptions}
              onChange={(name: string) => {
                const next = fields.find((f) => f.apiName === name);
                if (next) update(condition.id, { field: name, operator: defaultOperator(next), value: undefined });
              }}
            />
            <Select<ConditionOperator>
              aria-label={`${t('list.operator')} ${i + 1}`}
              value={condition.operator}
              options={operators.map((op) => ({ value: op, label: t(`op.${op}` as MessageKey) }))}
              onChange={(operator) => {
                const keepValue =
                  LIST_OPERATORS.has(operator) === LIST_OPERATORS.has(condition.operator) &&
                  operator !== 'between' &&
                  condition.operator !== 'between' &&
                  operator !== 'relative' &&
                  condition.operator !== 'relative';
                update(condition.id, { operator, ...(keepValue ? {} : { value: undefined }) });
              }}
            />
            <div>
              {field && !VALUELESS.has(condition.operator) && condition.operator === 'relative' && (
                <RelativeRangeSelect value={condition.value} onChange={(value) => update(condition.id, { value })} />
              )}
              {field && condition.operator === 'between' && (
                <div style={{ display: 'flex', gap: 6 }}>
                  {[0, 1].map((end) => (
                    <ValueInput
                      key={end}
                      field={field}
                      purpose="filter"
                      aria-label={`${t('list.value')} ${i + 1}.${end + 1}`}
                      value={Array.isArray(condition.value) ? condition.value[end] : undefined}
                      onChange={(v) => {
                        const pair = Array.isArray(condition.value) ? [...condition.value] : [undefined, undefined];
                        pair[end] = v;
                        update(condition.id, { value: pair });
                      }}
                    />
                  ))}
                </div>
              )}
              {field && !VALUELESS.has(condition.operator) && condition.operator !== 'relative' && condition.operator !== 'between' && (
                <ValueInput
                  field={field}
                  purpose="filter"
                  aria-label={`${t('list.value')} ${i + 1}`}
                  multiple={LIST_OPERATORS.has(condition.operator)}
                  value={condition.value}
                  onChange={(value) => update(condition.id, { value })}
                />
              )}
            </div>
            <Button
              type="text"
              icon={<DeleteOutlined />}
              aria-label={`${t('list.remove')} ${i + 1}`}
              onClick={() =>
                onChange(
                  conditions.filter((c) => c.id !== condition.id),
                  match,
                )
              }
            />
          </div>
        );
      })}
      <Button type="dashed" icon={<PlusOutlined />} onClick={add} size="small">
        {t('list.addFilter')}
      </Button>
    </Card>
  );
}

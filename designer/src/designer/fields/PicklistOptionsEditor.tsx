import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { generateId, type PicklistOption } from '@atrium/metadata';
import { Button, Checkbox, ColorPicker, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { useT } from '../support/i18n.tsx';
import { moveBy, SortableItem, SortableList } from '../support/Sortable.tsx';
import { toApiName } from './field-operations.ts';

export const OPTION_COLORS = ['#1677ff', '#52c41a', '#faad14', '#f5222d', '#722ed1', '#13c2c2', '#eb2f96', '#8c8c8c'];

/**
 * Picklist options: value, labels in both languages, colour, order (drag or arrows), inactive.
 * Values already saved are kept (records hold them): such options are made inactive, not removed.
 */
export function PicklistOptionsEditor({
  options,
  onChange,
  savedValues,
}: {
  options: PicklistOption[];
  onChange: (options: PicklistOption[]) => void;
  /** Values of options saved before: their value cannot change. */
  savedValues: ReadonlySet<string>;
}) {
  const { t } = useT();
  const update = (index: number, patch: Partial<PicklistOption>) => onChange(options.map((o, i) => (i === index ? { ...o, ...patch } : o)));
  const add = () =>
    onChange([...options, { id: generateId('opt'), value: '', label: { en: '' }, color: OPTION_COLORS[options.length % OPTION_COLORS.length] as string }]);
  return (
    <div data-testid="picklist-options">
      <SortableList items={options} idOf={(o) => o.id} onReorder={onChange}>
        {options.map((option, index) => {
          const saved = savedValues.has(option.value);
          return (
            <SortableItem key={option.id} id={option.id} handleLabel={t('common.dragHandle')} style={{ marginBottom: 6 }}>
              {(handle) => (
                <Space wrap align="center" data-testid="picklist-option">
                  {handle}
                  <ColorPicker
                    size="small"
                    disabledAlpha
                    value={option.color ?? null}
                    presets={[{ label: t('options.colors'), colors: OPTION_COLORS }]}
                    onChange={(color) => update(index, { color: color.toHexString().slice(0, 7) })}
                    aria-label={t('options.color')}
                  />
                  <Input
                    style={{ width: 180 }}
                    placeholder={t('options.labelEn')}
                    aria-label={t('options.labelEn')}
                    value={option.label.en}
                    onChange={(event) => {
                      const en = event.target.value;
                      const auto = !saved && (option.value === '' || option.value === toApiName(option.label.en));
                      update(index, { label: { ...option.label, en }, ...(auto ? { value: toApiName(en) } : {}) });
                    }}
                  />
                  <Input
                    style={{ width: 150 }}
                    placeholder={t('options.labelZh')}
                    aria-label={t('options.labelZh')}
                    value={option.label['zh-CN'] ?? ''}
                    onChange={(event) => update(index, { label: { ...option.label, 'zh-CN': event.target.value } })}
                  />
                  <Tooltip title={saved ? t('options.valueSaved') : t('options.valueHelp')}>
                    <Input
                      style={{ width: 150 }}
                      placeholder={t('options.value')}
                      aria-label={t('options.value')}
                      value={option.value}
                      disabled={saved}
                      onChange={(event) => update(index, { value: event.target.value })}
                    />
                  </Tooltip>
                  <Checkbox checked={option.inactive === true} onChange={(event) => update(index, { inactive: event.target.checked || undefined })}>
                    {t('options.inactive')}
                  </Checkbox>
                  <Button
                    size="small"
                    icon={<ArrowUpOutlined />}
                    disabled={index === 0}
                    onClick={() => onChange(moveBy(options, index, -1))}
                    aria-label={t('common.moveUp')}
                  />
                  <Button
                    size="small"
                    icon={<ArrowDownOutlined />}
                    disabled={index === options.length - 1}
                    onClick={() => onChange(moveBy(options, index, 1))}
                    aria-label={t('common.moveDown')}
                  />
                  {saved ? (
                    <Tag>{t('options.saved')}</Tag>
                  ) : (
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => onChange(options.filter((_, i) => i !== index))}
                      aria-label={t('options.remove')}
                    />
                  )}
                </Space>
              )}
            </SortableItem>
          );
        })}
      </SortableList>
      {options.length === 0 && <Typography.Paragraph type="secondary">{t('options.none')}</Typography.Paragraph>}
      <Button icon={<PlusOutlined />} onClick={add}>
        {t('options.add')}
      </Button>
    </div>
  );
}

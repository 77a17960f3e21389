import { ArrowDownOutlined, ArrowLeftOutlined, ArrowRightOutlined, ArrowUpOutlined, CloseOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { type FieldDef, fieldTypes, type LayoutDef, type LayoutSection, type ObjectDef, validateLayout } from '@atrium/metadata';
import { closestCorners, DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import { rectSortingStrategy, SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Alert, Button, Card, Checkbox, Col, Empty, Form, Input, List, Result, Row, Select, Space, Switch, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useChangeReview } from '../change/ChangeReview.tsx';
import { ObjectBreadcrumb } from '../objects/ObjectBreadcrumb.tsx';
import { useDesignerPath, useMetadata } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { SortableItem } from '../support/Sortable.tsx';
import { LayoutPreview } from './LayoutPreview.tsx';
import {
  addRelatedList,
  addSection,
  applyDrag,
  fieldDragId,
  missingRequiredFields,
  moveField,
  moveRelatedList,
  moveSection,
  newLayout,
  nudgeField,
  PALETTE_ID,
  relatedDragId,
  relatedListCandidates,
  removeRelatedList,
  removeSection,
  sectionDragId,
  sectionDropId,
  unplacedFields,
  updateRelatedList,
  updateSection,
} from './layout-model.ts';

export function LayoutEditorPage({ object }: { object: ObjectDef }) {
  const { layoutId } = useParams();
  const { bundle } = useMetadata();
  const { t, label } = useT();
  const navigate = useNavigate();
  const path = useDesignerPath();
  const layout = layoutId === 'new' ? undefined : bundle.layouts.find((l) => l.id === layoutId && l.object === object.id);
  if (layoutId !== 'new' && !layout) return <Result status="404" title={t('layout.notFound', { name: layoutId ?? '' })} />;
  return (
    <>
      <ObjectBreadcrumb object={object} current={layout ? label(layout.label, layout.apiName) : t('layouts.new')} />
      <LayoutEditor
        key={layout?.id ?? 'new'}
        object={object}
        {...(layout ? { layout } : {})}
        onDone={() => navigate(path(`objects/${object.apiName}/layouts`))}
      />
    </>
  );
}

/**
 * Arranges an object's record page: sections (drag to reorder; 1 to 4 columns; collapsed),
 * fields (drag between the palette and sections, or use the arrows), related lists; a preview
 * renders the form as a user will see it. Saving goes through the change review (saveLayout).
 */
export function LayoutEditor({ object, layout: original, onDone }: { object: ObjectDef; layout?: LayoutDef; onDone?: (saved: boolean) => void }) {
  const { t, label } = useT();
  const { bundle } = useMetadata();
  const review = useChangeReview();
  const [layout, setLayout] = useState<LayoutDef>(() =>
    original
      ? structuredClone(original)
      : newLayout(
          object,
          bundle.layouts.filter((l) => l.object === object.id),
        ),
  );
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const fieldsByName = useMemo(() => new Map(object.fields.map((f) => [f.apiName, f])), [object]);
  const palette = unplacedFields(layout, object);
  const missing = missingRequiredFields(layout, object);
  const candidates = relatedListCandidates(object, bundle).filter(
    (c) => !layout.relatedLists.some((r) => r.object === c.object.id && r.field === c.field.apiName),
  );
  const problems = useMemo(() => validateLayout(layout, bundle), [layout, bundle]);
  const changed = JSON.stringify(layout) !== JSON.stringify(original);

  const onDragEnd = (event: DragEndEvent) => setLayout((current) => applyDrag(current, String(event.active.id), event.over ? String(event.over.id) : null));

  const save = async () => {
    const result = await review([{ op: 'saveLayout', layout }], { title: t('layout.reviewSave', { name: layout.apiName }) });
    if (result) onDone?.(true);
  };

  return (
    <Card
      title={original ? t('layout.editTitle', { name: label(original.label, original.apiName) }) : t('layout.newTitle')}
      data-testid="layout-editor"
      extra={
        <Space>
          <Button onClick={() => onDone?.(false)}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => void save()} disabled={problems.length > 0 || (!changed && original !== undefined)}>
            {t('layout.save')}
          </Button>
        </Space>
      }
    >
      <Form layout="inline" component="div" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('layout.labelEn')}>
          <Input
            value={layout.label.en}
            onChange={(e) => setLayout({ ...layout, label: { ...layout.label, en: e.target.value } })}
            aria-label={t('layout.labelEn')}
          />
        </Form.Item>
        <Form.Item label={t('layout.labelZh')}>
          <Input
            value={layout.label['zh-CN'] ?? ''}
            onChange={(e) => setLayout({ ...layout, label: { ...layout.label, 'zh-CN': e.target.value } })}
            aria-label={t('layout.labelZh')}
          />
        </Form.Item>
        <Form.Item label={t('field.apiName')}>
          <Input
            value={layout.apiName}
            onChange={(e) => setLayout({ ...layout, apiName: e.target.value })}
            aria-label={t('field.apiName')}
            style={{ fontFamily: 'monospace' }}
          />
        </Form.Item>
        <Form.Item label={t('common.default')}>
          <Switch checked={layout.isDefault === true} onChange={(isDefault) => setLayout({ ...layout, isDefault })} aria-label={t('common.default')} />
        </Form.Item>
      </Form>
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('layout.missingRequired', { fields: missing.map((f) => label(f.label, f.apiName)).join(', ') })}
          data-testid="layout-missing-required"
        />
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('field.problems')}
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
      <Tabs
        items={[
          {
            key: 'arrange',
            label: t('layout.arrange'),
            children: (
              <DndContext sensors={sensors} collisionDetection={closestCorners} onDragEnd={onDragEnd}>
                <Row gutter={16}>
                  <Col xs={24} md={7} lg={6}>
                    <Palette fields={palette} layout={layout} onChange={setLayout} />
                  </Col>
                  <Col xs={24} md={17} lg={18}>
                    <SortableContext items={layout.sections.map((s) => sectionDragId(s.id))} strategy={verticalListSortingStrategy}>
                      {layout.sections.map((section, index) => (
                        <SectionCard
                          key={section.id}
                          section={section}
                          index={index}
                          count={layout.sections.length}
                          fieldsByName={fieldsByName}
                          layout={layout}
                          onChange={setLayout}
                        />
                      ))}
                    </SortableContext>
                    <Button icon={<PlusOutlined />} onClick={() => setLayout(addSection(layout))} style={{ marginBottom: 16 }}>
                      {t('layout.addSection')}
                    </Button>
                    <RelatedListsEditor layout={layout} onChange={setLayout} candidates={candidates} />
                  </Col>
                </Row>
              </DndContext>
            ),
          },
          { key: 'preview', label: t('layout.preview'), children: <LayoutPreview layout={layout} object={object} bundle={bundle} /> },
        ]}
      />
    </Card>
  );
}

function FieldChipLabel({ field, apiName }: { field: FieldDef | undefined; apiName: string }) {
  const { label } = useT();
  return (
    <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
      {label(field?.label, apiName)}{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {field ? label(fieldTypes[field.type].label, field.type) : apiName}
      </Typography.Text>
    </span>
  );
}

function Palette({ fields, layout, onChange }: { fields: FieldDef[]; layout: LayoutDef; onChange: (layout: LayoutDef) => void }) {
  const { t, label } = useT();
  const { setNodeRef, isOver } = useDroppable({ id: PALETTE_ID });
  const firstSection = layout.sections[0];
  return (
    <Card size="small" title={t('layout.available')} style={{ position: 'sticky', top: 8, marginBottom: 16 }} data-testid="layout-palette">
      <div ref={setNodeRef} style={{ minHeight: 60, background: isOver ? '#f0f5ff' : undefined, borderRadius: 6 }}>
        <SortableContext items={fields.map((f) => fieldDragId(f.apiName))} strategy={verticalListSortingStrategy}>
          {fields.length === 0 && <Typography.Text type="secondary">{t('layout.allPlaced')}</Typography.Text>}
          {fields.map((field) => (
            <SortableItem key={field.apiName} id={fieldDragId(field.apiName)} handleLabel={t('common.dragHandle')} style={{ marginBottom: 6 }}>
              {(handle) => (
                <div
                  style={{
                    display: 'flex',
                    alignItems: 'center',
                    gap: 4,
                    border: '1px dashed #d9d9d9',
                    borderRadius: 6,
                    padding: '4px 6px',
                    background: '#fff',
                  }}
                  data-testid={`palette-field-${field.apiName}`}
                >
                  {handle}
                  <span style={{ flex: 1, minWidth: 0 }}>
                    <FieldChipLabel field={field} apiName={field.apiName} />
                  </span>
                  {firstSection && (
                    <Tooltip title={t('layout.addToSection', { section: label(firstSection.label) })}>
                      <Button
                        size="small"
                        type="text"
                        icon={<PlusOutlined />}
                        aria-label={t('layout.addField', { field: field.apiName })}
                        onClick={() => onChange(moveField(layout, field.apiName, firstSection.id))}
                      />
                    </Tooltip>
                  )}
                </div>
              )}
            </SortableItem>
          ))}
        </SortableContext>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {t('layout.paletteHelp')}
      </Typography.Paragraph>
    </Card>
  );
}

function SectionCard({
  section,
  index,
  count,
  fieldsByName,
  layout,
  onChange,
}: {
  section: LayoutSection;
  index: number;
  count: number;
  fieldsByName: Map<string, FieldDef>;
  layout: LayoutDef;
  onChange: (layout: LayoutDef) => void;
}) {
  const { t } = useT();
  const { setNodeRef, isOver } = useDroppable({ id: sectionDropId(section.id) });
  return (
    <SortableItem id={sectionDragId(section.id)} handleLabel={t('layout.dragSection')} style={{ marginBottom: 16 }}>
      {(handle) => (
        <Card
          size="small"
          data-testid={`layout-section-${section.id}`}
          title={
            <Space wrap>
              {handle}
              <Input
                size="small"
                value={section.label.en}
                onChange={(e) => onChange(updateSection(layout, section.id, { label: { ...section.label, en: e.target.value } }))}
                aria-label={t('layout.sectionLabelEn')}
                style={{ width: 160 }}
              />
              <Input
                size="small"
                value={section.label['zh-CN'] ?? ''}
                placeholder={t('layout.sectionLabelZh')}
                onChange={(e) => onChange(updateSection(layout, section.id, { label: { ...section.label, 'zh-CN': e.target.value } }))}
                aria-label={t('layout.sectionLabelZh')}
                style={{ width: 120 }}
              />
            </Space>
          }
          extra={
            <Space wrap>
              <Select
                size="small"
                value={section.columns}
                onChange={(columns: number) => onChange(updateSection(layout, section.id, { columns }))}
                options={[1, 2, 3, 4].map((n) => ({ value: n, label: t('layout.columns', { count: n }) }))}
                aria-label={t('layout.columnsLabel')}
                style={{ width: 110 }}
              />
              <Checkbox
                checked={section.collapsed === true}
                onChange={(e) => onChange(updateSection(layout, section.id, { collapsed: e.target.checked || undefined }))}
              >
                {t('layout.collapsed')}
              </Checkbox>
              <Button
                size="small"
                icon={<ArrowUpOutlined />}
                disabled={index === 0}
                onClick={() => onChange(moveSection(layout, section.id, index - 1))}
                aria-label={t('layout.sectionUp')}
              />
              <Button
                size="small"
                icon={<ArrowDownOutlined />}
                disabled={index === count - 1}
                onClick={() => onChange(moveSection(layout, section.id, index + 1))}
                aria-label={t('layout.sectionDown')}
              />
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                onClick={() => onChange(removeSection(layout, section.id))}
                aria-label={t('layout.removeSection')}
              />
            </Space>
          }
        >
          <div
            ref={setNodeRef}
            style={{
              display: 'grid',
              gridTemplateColumns: `repeat(${section.columns}, minmax(0, 1fr))`,
              gap: 8,
              minHeight: 48,
              padding: 4,
              borderRadius: 6,
              background: isOver ? '#f0f5ff' : undefined,
            }}
          >
            <SortableContext items={section.fields.map(fieldDragId)} strategy={rectSortingStrategy}>
              {section.fields.map((name) => (
                <SortableItem key={name} id={fieldDragId(name)} handleLabel={t('common.dragHandle')}>
                  {(fieldHandle) => (
                    <div
                      style={{
                        display: 'flex',
                        alignItems: 'center',
                        gap: 2,
                        border: '1px solid #d9d9d9',
                        borderRadius: 6,
                        padding: '4px 6px',
                        background: '#fff',
                      }}
                      data-testid={`layout-field-${name}`}
                    >
                      {fieldHandle}
                      <span style={{ flex: 1, minWidth: 0, display: 'flex' }}>
                        <FieldChipLabel field={fieldsByName.get(name)} apiName={name} />
                        {!fieldsByName.has(name) && <Tag color="red">{t('layout.unknownField')}</Tag>}
                      </span>
                      <Button
                        size="small"
                        type="text"
                        icon={<ArrowLeftOutlined />}
                        onClick={() => onChange(nudgeField(layout, name, -1))}
                        aria-label={t('layout.fieldEarlier', { field: name })}
                      />
                      <Button
                        size="small"
                        type="text"
                        icon={<ArrowRightOutlined />}
                        onClick={() => onChange(nudgeField(layout, name, 1))}
                        aria-label={t('layout.fieldLater', { field: name })}
                      />
                      <Button
                        size="small"
                        type="text"
                        icon={<CloseOutlined />}
                        onClick={() => onChange(moveField(layout, name, null))}
                        aria-label={t('layout.removeField', { field: name })}
                      />
                    </div>
                  )}
                </SortableItem>
              ))}
            </SortableContext>
            {section.fields.length === 0 && <Typography.Text type="secondary">{t('layout.dropHere')}</Typography.Text>}
          </div>
        </Card>
      )}
    </SortableItem>
  );
}

function RelatedListsEditor({
  layout,
  onChange,
  candidates,
}: {
  layout: LayoutDef;
  onChange: (layout: LayoutDef) => void;
  candidates: ReturnType<typeof relatedListCandidates>;
}) {
  const { t, label } = useT();
  const { bundle } = useMetadata();
  return (
    <Card
      size="small"
      title={t('layouts.relatedLists')}
      data-testid="layout-related"
      extra={
        <Select
          size="small"
          placeholder={t('layout.addRelated')}
          value={null}
          style={{ minWidth: 220 }}
          disabled={candidates.length === 0}
          aria-label={t('layout.addRelated')}
          onChange={(key: string) => {
            const candidate = candidates.find((c) => `${c.object.id}/${c.field.apiName}` === key);
            if (candidate) onChange(addRelatedList(layout, candidate));
          }}
          options={candidates.map((c) => ({
            value: `${c.object.id}/${c.field.apiName}`,
            label: `${label(c.object.pluralLabel, c.object.apiName)} (${c.field.apiName})`,
          }))}
        />
      }
    >
      {layout.relatedLists.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('layout.noRelated')} />}
      <SortableContext items={layout.relatedLists.map((r) => relatedDragId(r.id))} strategy={verticalListSortingStrategy}>
        {layout.relatedLists.map((related, index) => {
          const child = bundle.objects.find((o) => o.id === related.object);
          return (
            <SortableItem key={related.id} id={relatedDragId(related.id)} handleLabel={t('common.dragHandle')} style={{ marginBottom: 8 }}>
              {(handle) => (
                <Space wrap style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 6, width: '100%' }}>
                  {handle}
                  <Typography.Text strong>{label(child?.pluralLabel, child?.apiName ?? related.object)}</Typography.Text>
                  <code>{related.field}</code>
                  <Input
                    size="small"
                    value={related.label?.en ?? ''}
                    placeholder={t('layout.labelEn')}
                    aria-label={t('layout.relatedLabelEn')}
                    onChange={(e) => onChange(updateRelatedList(layout, related.id, { label: { ...(related.label ?? { en: '' }), en: e.target.value } }))}
                    style={{ width: 140 }}
                  />
                  <Input
                    size="small"
                    value={related.label?.['zh-CN'] ?? ''}
                    placeholder={t('layout.labelZh')}
                    aria-label={t('layout.relatedLabelZh')}
                    onChange={(e) => onChange(updateRelatedList(layout, related.id, { label: { ...(related.label ?? { en: '' }), 'zh-CN': e.target.value } }))}
                    style={{ width: 120 }}
                  />
                  <Select
                    size="small"
                    mode="multiple"
                    value={related.columns}
                    style={{ minWidth: 240 }}
                    aria-label={t('layout.relatedColumns')}
                    onChange={(columns: string[]) => onChange(updateRelatedList(layout, related.id, { columns }))}
                    options={(child?.fields ?? []).map((f) => ({ value: f.apiName, label: label(f.label, f.apiName) }))}
                  />
                  <Button
                    size="small"
                    icon={<ArrowUpOutlined />}
                    disabled={index === 0}
                    onClick={() => onChange(moveRelatedList(layout, related.id, index - 1))}
                    aria-label={t('common.moveUp')}
                  />
                  <Button
                    size="small"
                    icon={<ArrowDownOutlined />}
                    disabled={index === layout.relatedLists.length - 1}
                    onClick={() => onChange(moveRelatedList(layout, related.id, index + 1))}
                    aria-label={t('common.moveDown')}
                  />
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => onChange(removeRelatedList(layout, related.id))}
                    aria-label={t('layout.removeRelated')}
                  />
                </Space>
              )}
            </SortableItem>
          );
        })}
      </SortableContext>
    </Card>
  );
}

import type { ObjectDef } from '@atrium/metadata';
import { Card, Collapse, Typography } from 'antd';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useMetadataIndex } from '../../app/metadata/metadata-context.tsx';
import { FieldValue } from '../fields/field-value.tsx';
import type { RecordFormModel } from './ui-schema.ts';
import { isWide } from './ui-schema.ts';

/** A record for reading: the layout's sections and columns with formatted values (no inputs). */
export function RecordDetails({ object, model, record }: { object: ObjectDef; model: RecordFormModel; record: Record<string, unknown> }) {
  const index = useMetadataIndex();
  const { label } = useI18n();
  return (
    <div>
      {model.sections.map((section) => {
        const grid = (
          <dl className="atrium-section-grid" style={{ gridTemplateColumns: `repeat(${section.columns}, minmax(0, 1fr))`, margin: 0 }}>
            {section.fields.map((name) => {
              const field = index.field(object, name);
              return (
                <div key={name} style={{ ...(field && isWide(field) ? { gridColumn: '1 / -1' } : {}), marginBottom: 12 }} data-field={name}>
                  <dt>
                    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                      {label(field?.label, name)}
                    </Typography.Text>
                  </dt>
                  <dd className="atrium-readonly-value" style={{ margin: 0 }}>
                    <FieldValue field={field} value={record[name]} />
                  </dd>
                </div>
              );
            })}
          </dl>
        );
        return section.collapsed ? (
          <Collapse key={section.id} className="atrium-section" items={[{ key: section.id, label: section.title, children: grid }]} />
        ) : (
          <Card key={section.id} className="atrium-section" size="small" title={section.title || undefined}>
            {grid}
          </Card>
        );
      })}
    </div>
  );
}

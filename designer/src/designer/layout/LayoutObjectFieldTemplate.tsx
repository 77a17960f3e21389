import type { ObjectFieldTemplateProps } from '@rjsf/utils';
import { Card, Col, Collapse, Row } from 'antd';
import { layoutOf, type UiSchemaObject } from './layout-ui-schema.ts';

/**
 * An rjsf ObjectFieldTemplate that lays the record form out by the sections `layoutToUiSchema`
 * put in the uiSchema: one card per section, its fields in a grid of 1 to 4 columns, collapsed
 * sections folded. Properties on no section are not rendered. Nested objects (currency, address)
 * are laid out on one row.
 */
export function LayoutObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const layout = layoutOf(props.uiSchema as UiSchemaObject | undefined);
  const byName = new Map(props.properties.map((p) => [p.name, p]));
  if (!layout) {
    // A nested value (a currency's amount and code, an address's lines) under its field's label.
    return (
      <fieldset aria-label={props.title || undefined} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
        {props.title && <div className="ant-form-item-label">{props.title}</div>}
        <Row gutter={8}>
          {props.properties
            .filter((p) => !p.hidden)
            .map((p) => (
              <Col key={p.name} flex="1 1 120px">
                {p.content}
              </Col>
            ))}
        </Row>
      </fieldset>
    );
  }
  return (
    <div className="atrium-layout-form">
      {layout.sections.map((section) => {
        const span = Math.floor(24 / section.columns);
        const body = (
          <Row gutter={16}>
            {section.fields.map((name) => {
              const property = byName.get(name);
              if (!property || property.hidden) return null;
              return (
                <Col key={name} xs={24} md={span}>
                  {property.content}
                </Col>
              );
            })}
          </Row>
        );
        if (section.collapsed) {
          return <Collapse key={section.id} style={{ marginBottom: 16 }} items={[{ key: section.id, label: section.title, children: body }]} />;
        }
        return (
          <Card key={section.id} size="small" title={section.title || undefined} style={{ marginBottom: 16 }} data-testid={`preview-section-${section.id}`}>
            {body}
          </Card>
        );
      })}
    </div>
  );
}

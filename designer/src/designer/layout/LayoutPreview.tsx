import { compileRecordSchema, type LayoutDef, type MetadataBundle, type ObjectDef } from '@atrium/metadata';
import Form from '@rjsf/antd';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { CspSafeValidator } from '../../workspace/record/csp-validator.ts';
import { useT } from '../support/i18n.tsx';
import { JsonValueField } from './JsonValueField.tsx';
import { LayoutObjectFieldTemplate } from './LayoutObjectFieldTemplate.tsx';
import { layoutToUiSchema } from './layout-ui-schema.ts';

const validator = new CspSafeValidator<Record<string, unknown>>();

/**
 * The form as a user will see it: react-jsonschema-form (Ant Design theme) with the object's record
 * schema (`compileRecordSchema`, the schema the server validates with) and the uiSchema derived
 * from the layout (`layoutToUiSchema`), then the related lists.
 */
export function LayoutPreview({ layout, object, bundle }: { layout: LayoutDef; object: ObjectDef; bundle: MetadataBundle }) {
  const { t, locale, label } = useT();
  const schema = useMemo(() => compileRecordSchema(object, bundle, { systemFields: false, locale }) as RJSFSchema, [object, bundle, locale]);
  const uiSchema = useMemo(
    () => ({ ...layoutToUiSchema(layout, object, { locale }), 'ui:submitButtonOptions': { norender: true } }) as UiSchema,
    [layout, object, locale],
  );
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [checked, setChecked] = useState<null | number>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <div data-testid="layout-preview">
      <Alert type="info" showIcon title={t('layout.previewHelp')} style={{ marginBottom: 12 }} />
      <Form
        key={formKey}
        schema={schema}
        uiSchema={uiSchema}
        validator={validator}
        formData={formData}
        onChange={(event) => setFormData((event.formData ?? {}) as Record<string, unknown>)}
        onSubmit={() => setChecked(0)}
        onError={(errors) => setChecked(errors.length)}
        templates={{ ObjectFieldTemplate: LayoutObjectFieldTemplate }}
        fields={{ json: JsonValueField }}
        showErrorList={false}
        noHtml5Validate
      >
        <Space>
          <Button type="primary" htmlType="submit">
            {t('layout.previewCheck')}
          </Button>
          <Button
            onClick={() => {
              setFormData({});
              setChecked(null);
              setFormKey((k) => k + 1);
            }}
          >
            {t('layout.previewClear')}
          </Button>
          {checked !== null && (
            <Typography.Text type={checked ? 'danger' : 'success'}>
              {checked ? t('layout.previewErrors', { count: checked }) : t('layout.previewValid')}
            </Typography.Text>
          )}
        </Space>
      </Form>
      {layout.relatedLists.map((related) => {
        const child = bundle.objects.find((o) => o.id === related.object);
        const columns = related.columns.map((name) => {
          const field = child?.fields.find((f) => f.apiName === name);
          return { key: name, title: label(field?.label, name), dataIndex: name };
        });
        return (
          <Card
            key={related.id}
            size="small"
            title={label(related.label ?? child?.pluralLabel, child?.pluralApiName ?? related.object)}
            style={{ marginTop: 16 }}
          >
            <Table size="small" columns={columns} dataSource={[]} pagination={false} locale={{ emptyText: t('layout.relatedEmpty') }} />
          </Card>
        );
      })}
    </div>
  );
}

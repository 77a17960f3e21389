import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { type FieldConfig, FORMULA_RESULT_TYPES, type JsonLogic, type MetadataBundle, type ObjectDef } from '@atrium/metadata';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { JsonEditor } from '../conditions/ConditionBuilder.tsx';
import { evaluateOn } from '../conditions/condition-model.ts';
import { type FieldPath, fieldPaths } from '../conditions/field-paths.ts';
import { SampleRecordEditor, useSampleRecord } from '../conditions/RuleTester.tsx';
import { useT } from '../support/i18n.tsx';
import { changeKind, type ExpressionNode, expressionToJsonLogic, OPERATIONS, operationSpec, parseExpression } from './expression-model.ts';

type ResultType = NonNullable<FieldConfig['resultType']>;

/** Whether a preview value fits the formula's result type. */
function fitsResultType(value: unknown, resultType: ResultType): boolean {
  if (value === null || value === undefined) return true;
  switch (resultType) {
    case 'text':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
    case 'currency':
    case 'percent':
      return typeof value === 'number' && Number.isFinite(value);
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
  }
}

/**
 * A formula's settings: the result type and a json-logic expression built from fields,
 * constants and operations, with a live preview on a sample record (the same json-logic-js the
 * server evaluates with).
 */
export function FormulaBuilder({
  config,
  onChange,
  object,
  bundle,
  selfApiName,
}: {
  config: FieldConfig | undefined;
  onChange: (config: FieldConfig) => void;
  object: ObjectDef;
  bundle: MetadataBundle;
  selfApiName: string;
}) {
  const { t } = useT();
  const resultType: ResultType = config?.resultType ?? 'text';
  const expression = (config?.expression ?? null) as JsonLogic;
  const paths = useMemo(() => fieldPaths(object, bundle).filter((p) => p.field.apiName !== selfApiName || p.path.includes('.')), [object, bundle, selfApiName]);
  const sample = useSampleRecord(object, bundle);
  const tree = useMemo(() => parseExpression(expression), [expression]);
  const setTree = (node: ExpressionNode) => onChange({ ...config, resultType, expression: expressionToJsonLogic(node) });
  const preview = evaluateOn(expression, sample.record);

  return (
    <div data-testid="formula-builder">
      <Form.Item label={t('formula.resultType')}>
        <Select
          value={resultType}
          onChange={(next: ResultType) => onChange({ ...config, expression, resultType: next })}
          options={FORMULA_RESULT_TYPES.map((type) => ({ value: type, label: t(`formula.result.${type}`) }))}
          aria-label={t('formula.resultType')}
          style={{ maxWidth: 240 }}
        />
      </Form.Item>
      <Form.Item label={t('formula.expression')}>
        <ExpressionEditor node={tree} onChange={setTree} paths={paths} />
      </Form.Item>
      <Form.Item label={t('formula.json')}>
        <JsonEditor
          value={JSON.stringify(expression, null, 2)}
          onValid={(logic) => onChange({ ...config, resultType, expression: logic })}
          label={t('formula.json')}
          rows={4}
        />
      </Form.Item>
      <Card size="small" title={t('formula.preview')} data-testid="formula-preview">
        <Row gutter={16}>
          <Col xs={24} md={14}>
            <SampleRecordEditor record={sample.record} onChange={sample.setRecord} onReset={sample.reset} />
          </Col>
          <Col xs={24} md={10}>
            <Typography.Text strong>{t('formula.result')}</Typography.Text>
            {preview.ok ? (
              <>
                <pre data-testid="formula-result" style={{ background: '#f5f5f5', padding: 8, whiteSpace: 'pre-wrap' }}>
                  {JSON.stringify(preview.value)}
                </pre>
                {!fitsResultType(preview.value, resultType) && (
                  <Alert type="warning" showIcon title={t('formula.typeMismatch', { type: t(`formula.result.${resultType}`) })} />
                )}
              </>
            ) : (
              <Alert type="error" showIcon title={t('tester.error')} description={preview.error} />
            )}
          </Col>
        </Row>
      </Card>
    </div>
  );
}

const OPERATION_GROUPS = ['math', 'text', 'logic', 'compare', 'date'] as const;

function ExpressionEditor({
  node,
  onChange,
  paths,
  depth = 0,
}: {
  node: ExpressionNode;
  onChange: (node: ExpressionNode) => void;
  paths: FieldPath[];
  depth?: number;
}) {
  const { t, label } = useT();
  const firstPath = paths[0]?.path ?? '';
  const kindValue = node.kind === 'op' ? `op:${node.op}` : node.kind;
  const kindOptions = [
    {
      label: t('formula.kind.values'),
      options: [
        { value: 'field', label: t('formula.kind.field') },
        { value: 'number', label: t('formula.kind.number') },
        { value: 'text', label: t('formula.kind.text') },
        { value: 'boolean', label: t('formula.kind.boolean') },
        { value: 'null', label: t('formula.kind.null') },
        { value: 'raw', label: t('formula.kind.raw') },
      ],
    },
    ...OPERATION_GROUPS.map((group) => ({
      label: t(`formula.group.${group}`),
      options: OPERATIONS.filter((spec) => spec.group === group).map((spec) => ({
        value: `op:${spec.op}`,
        label: `${spec.op}  ${t(`formula.op.${spec.op}` as 'formula.op.+')}`,
      })),
    })),
  ];
  const spec = node.kind === 'op' ? operationSpec(node.op) : undefined;

  const head = (
    <Space wrap>
      <Select
        value={kindValue}
        onChange={(next: string) => onChange(changeKind(node, next as ExpressionNode['kind'], firstPath))}
        options={kindOptions}
        style={{ minWidth: 190 }}
        aria-label={t('formula.node')}
        popupMatchSelectWidth={false}
      />
      {node.kind === 'field' && (
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          value={node.path}
          onChange={(path: string) => onChange({ kind: 'field', path })}
          options={paths.map((p) => ({ value: p.path, label: `${p.labels.map((l) => label(l)).join(' › ')} (${p.path})` }))}
          style={{ minWidth: 240 }}
          aria-label={t('cond.field')}
          popupMatchSelectWidth={false}
        />
      )}
      {node.kind === 'number' && (
        <InputNumber
          value={node.value}
          onChange={(value) => onChange({ kind: 'number', value: typeof value === 'number' ? value : 0 })}
          aria-label={t('formula.kind.number')}
        />
      )}
      {node.kind === 'text' && (
        <Input
          value={node.value}
          onChange={(event) => onChange({ kind: 'text', value: event.target.value })}
          aria-label={t('formula.kind.text')}
          style={{ width: 200 }}
        />
      )}
      {node.kind === 'boolean' && (
        <Select
          value={String(node.value)}
          onChange={(value: string) => onChange({ kind: 'boolean', value: value === 'true' })}
          options={[
            { value: 'true', label: t('common.true') },
            { value: 'false', label: t('common.false') },
          ]}
          aria-label={t('formula.kind.boolean')}
        />
      )}
      {node.kind === 'raw' && (
        <div style={{ minWidth: 300 }}>
          <JsonEditor value={JSON.stringify(node.logic)} onValid={(logic) => onChange({ kind: 'raw', logic })} label={t('formula.kind.raw')} rows={2} />
        </div>
      )}
    </Space>
  );
  if (node.kind !== 'op') return head;
  const setArg = (index: number, arg: ExpressionNode | null) => {
    const args = arg ? node.args.map((a, i) => (i === index ? arg : a)) : node.args.filter((_, i) => i !== index);
    onChange({ ...node, args });
  };
  const argLabel = (index: number) => (node.op === 'if' ? t(index === 0 ? 'formula.if' : index === 1 ? 'formula.then' : 'formula.else') : `${index + 1}`);
  return (
    <Card size="small" style={{ background: depth % 2 ? '#fafafa' : undefined }}>
      {head}
      <div style={{ marginTop: 8, paddingLeft: 12, borderLeft: '2px solid #e6e6e6' }}>
        {node.args.map((arg, index) => (
          <div key={index} style={{ display: 'flex', gap: 8, alignItems: 'flex-start', marginBottom: 6 }}>
            <Typography.Text type="secondary" style={{ minWidth: 40 }}>
              {argLabel(index)}
            </Typography.Text>
            <div style={{ flex: 1 }}>
              <ExpressionEditor node={arg} onChange={(next) => setArg(index, next)} paths={paths} depth={depth + 1} />
            </div>
            {spec?.variadic && node.args.length > spec.arity && (
              <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => setArg(index, null)} aria-label={t('formula.removeArg')} />
            )}
          </div>
        ))}
        {spec?.variadic && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => onChange({ ...node, args: [...node.args, { kind: 'null' }] })}>
            {t('formula.addArg')}
          </Button>
        )}
      </div>
    </Card>
  );
}

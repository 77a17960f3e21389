import { generateId, type ObjectDef, type ValidationRuleDef, validateValidationRule } from '@atrium/metadata';
import { Alert, Button, Card, Col, Form, Input, List, Result, Row, Select, Space, Switch } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useChangeReview } from '../change/ChangeReview.tsx';
import { ConditionBuilder } from '../conditions/ConditionBuilder.tsx';
import { fieldPaths } from '../conditions/field-paths.ts';
import { ConditionTester } from '../conditions/RuleTester.tsx';
import { cleanLabels } from '../fields/field-operations.ts';
import { ObjectBreadcrumb } from '../objects/ObjectBreadcrumb.tsx';
import { useDesignerPath, useMetadata } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';

export function ValidationRuleEditorPage({ object }: { object: ObjectDef }) {
  const { ruleId } = useParams();
  const { bundle } = useMetadata();
  const { t } = useT();
  const navigate = useNavigate();
  const path = useDesignerPath();
  const rule = ruleId === 'new' ? undefined : bundle.validationRules.find((r) => r.id === ruleId && r.object === object.id);
  if (ruleId !== 'new' && !rule) return <Result status="404" title={t('rule.notFound', { name: ruleId ?? '' })} />;
  return (
    <>
      <ObjectBreadcrumb object={object} current={rule ? rule.apiName : t('rules.new')} />
      <ValidationRuleEditor
        key={rule?.id ?? 'new'}
        object={object}
        {...(rule ? { rule } : {})}
        onDone={() => navigate(path(`objects/${object.apiName}/rules`))}
      />
    </>
  );
}

function newRule(object: ObjectDef): ValidationRuleDef {
  return { id: generateId('rule'), object: object.id, apiName: '', condition: { and: [] }, errorMessage: { en: '' }, active: true };
}

/** The rule as it is saved: messages trimmed, empty translations and description dropped. */
export function cleanRule(rule: ValidationRuleDef): ValidationRuleDef {
  const { description, field, errorMessage, ...rest } = rule;
  return {
    ...rest,
    errorMessage: cleanLabels(errorMessage) ?? { en: '' },
    ...(description?.trim() ? { description: description.trim() } : {}),
    ...(field ? { field } : {}),
  };
}

/**
 * A validation rule: the condition a record must meet (visual builder producing json-logic), the
 * error message in both languages and the field it attaches to, tested on a sample record with
 * the same json-logic the server runs before it is saved.
 */
export function ValidationRuleEditor({ object, rule: original, onDone }: { object: ObjectDef; rule?: ValidationRuleDef; onDone?: (saved: boolean) => void }) {
  const { t, label } = useT();
  const { bundle } = useMetadata();
  const review = useChangeReview();
  const [rule, setRule] = useState<ValidationRuleDef>(() => (original ? structuredClone(original) : newRule(object)));
  const [initial] = useState(() => JSON.stringify(rule));
  const pristine = JSON.stringify(rule) === initial;
  const paths = useMemo(() => fieldPaths(object, bundle), [object, bundle]);
  const cleaned = useMemo(() => cleanRule(rule), [rule]);
  const problems = useMemo(() => validateValidationRule(cleaned, bundle), [cleaned, bundle]);
  const set = (patch: Partial<ValidationRuleDef>) => setRule((previous) => ({ ...previous, ...patch }));
  const message = label(rule.errorMessage) || t('rule.defaultFailure');

  const save = async () => {
    const result = await review([{ op: 'saveValidationRule', rule: cleaned }], { title: t('rules.reviewSave', { name: rule.apiName }) });
    if (result) onDone?.(true);
  };

  return (
    <Card
      title={original ? t('rule.editTitle', { name: original.apiName }) : t('rule.newTitle')}
      data-testid="rule-editor"
      extra={
        <Space>
          <Button onClick={() => onDone?.(false)}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => void save()} disabled={problems.length > 0}>
            {t('rule.save')}
          </Button>
        </Space>
      }
    >
      <Row gutter={24}>
        <Col xs={24} xl={14}>
          <Form layout="vertical" component="div">
            <Space wrap>
              <Form.Item label={t('field.apiName')} required>
                <Input
                  value={rule.apiName}
                  onChange={(e) => set({ apiName: e.target.value })}
                  aria-label={t('field.apiName')}
                  style={{ fontFamily: 'monospace' }}
                />
              </Form.Item>
              <Form.Item label={t('rules.active')}>
                <Switch checked={rule.active !== false} onChange={(active) => set({ active })} aria-label={t('rules.active')} />
              </Form.Item>
            </Space>
            <Form.Item label={t('field.description')}>
              <Input.TextArea
                rows={2}
                value={rule.description ?? ''}
                onChange={(e) => set({ description: e.target.value })}
                aria-label={t('field.description')}
              />
            </Form.Item>
            <Form.Item label={t('rule.condition')} help={t('rule.conditionHelp')}>
              <ConditionBuilder
                value={rule.condition}
                onChange={(condition) => set({ condition })}
                paths={paths}
                caption={t('rule.caption')}
                name={t('rule.condition')}
              />
            </Form.Item>
            <Form.Item label={t('rule.messageEn')} required>
              <Input
                value={rule.errorMessage.en}
                onChange={(e) => set({ errorMessage: { ...rule.errorMessage, en: e.target.value } })}
                aria-label={t('rule.messageEn')}
              />
            </Form.Item>
            <Form.Item label={t('rule.messageZh')}>
              <Input
                value={rule.errorMessage['zh-CN'] ?? ''}
                onChange={(e) => set({ errorMessage: { ...rule.errorMessage, 'zh-CN': e.target.value } })}
                aria-label={t('rule.messageZh')}
              />
            </Form.Item>
            <Form.Item label={t('rules.field')} help={t('rule.fieldHelp')}>
              <Select
                allowClear
                value={rule.field}
                placeholder={t('rules.wholeRecord')}
                onChange={(field?: string) => set({ field })}
                options={object.fields.map((f) => ({ value: f.apiName, label: `${label(f.label, f.apiName)} (${f.apiName})` }))}
                aria-label={t('rules.field')}
              />
            </Form.Item>
          </Form>
          {problems.length > 0 && !pristine && (
            <Alert
              type="error"
              showIcon
              title={t('field.problems')}
              data-testid="rule-problems"
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
        </Col>
        <Col xs={24} xl={10}>
          <ConditionTester
            logic={rule.condition}
            object={object}
            bundle={bundle}
            passText={t('rule.testPass')}
            failText={t('rule.testFail', { message, field: rule.field ?? t('rules.wholeRecord') })}
          />
        </Col>
      </Row>
    </Card>
  );
}

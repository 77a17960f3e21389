import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { JsonLogic } from '@atrium/metadata';
import { Button, Card, Collapse, DatePicker, Input, InputNumber, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../support/i18n.tsx';
import type { MessageKey } from '../support/messages.ts';
import {
  type ConditionNode,
  type ConditionValue,
  emptyGroup,
  fromJsonLogic,
  type GroupNode,
  LIST_OPERATORS,
  newRule,
  OPERATORS_BY_KIND,
  type Operator,
  type RuleNode,
  toJsonLogic,
  UNARY_OPERATORS,
  updateNode,
} from './condition-model.ts';
import type { FieldPath, ValueKind } from './field-paths.ts';

export interface ConditionBuilderProps {
  value: JsonLogic | undefined;
  onChange: (logic: JsonLogic) => void;
  paths: FieldPath[];
  /** Shown above the rules ("Records are valid when", "Applies to records where"...). */
  caption?: string;
  /** Accessible name of the builder. */
  name?: string;
}

/**
 * A visual json-logic builder: fields × operators by type × values, in `and`/`or` groups. What it
 * cannot show as rules stays as json-logic (edited as JSON). The whole rule is also shown and
 * editable as JSON.
 */
export function ConditionBuilder({ value, onChange, paths, caption, name }: ConditionBuilderProps) {
  const { t } = useT();
  const [root, setRoot] = useState<GroupNode>(() => fromJsonLogic(value));
  const emitted = useRef<string>(JSON.stringify(toJsonLogic(root)));

  // A value changed from outside (another editor, a reset) is read again.
  useEffect(() => {
    const incoming = JSON.stringify(value ?? true);
    if (incoming !== emitted.current) {
      emitted.current = incoming;
      setRoot(fromJsonLogic(value));
    }
  }, [value]);

  const change = (next: GroupNode) => {
    setRoot(next);
    const logic = toJsonLogic(next);
    emitted.current = JSON.stringify(logic);
    onChange(logic);
  };

  const json = useMemo(() => JSON.stringify(toJsonLogic(root), null, 2), [root]);

  return (
    <fieldset aria-label={name ?? t('cond.builder')} data-testid="condition-builder" style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
      {caption && <Typography.Paragraph strong>{caption}</Typography.Paragraph>}
      <GroupEditor group={root} root={root} onRootChange={change} paths={paths} depth={0} />
      <Collapse
        size="small"
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'json',
            label: t('cond.json'),
            children: <JsonEditor value={json} onValid={(logic) => change(fromJsonLogic(logic))} label={t('cond.json')} />,
          },
        ]}
      />
    </fieldset>
  );
}

interface NodeProps {
  root: GroupNode;
  onRootChange: (root: GroupNode) => void;
  paths: FieldPath[];
  depth: number;
}

function GroupEditor({ group, root, onRootChange, paths, depth }: NodeProps & { group: GroupNode }) {
  const { t } = useT();
  const replace = (next: ConditionNode | null) => onRootChange(updateNode(root, group.id, next));
  const setChildren = (children: ConditionNode[]) => replace({ ...group, children });
  const firstPath = paths[0]?.path ?? '';
  return (
    <Card size="small" style={{ background: depth % 2 ? '#fafafa' : undefined }} data-testid={`cond-group-${depth}`}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Radio.Group
          size="small"
          optionType="button"
          value={group.combinator}
          onChange={(event) => replace({ ...group, combinator: event.target.value as 'and' | 'or' })}
          options={[
            { value: 'and', label: t('cond.and') },
            { value: 'or', label: t('cond.or') },
          ]}
          aria-label={t('cond.combinator')}
        />
        <Typography.Text type="secondary">{group.combinator === 'and' ? t('cond.allOf') : t('cond.anyOf')}</Typography.Text>
      </Space>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {group.children.length === 0 && <Typography.Text type="secondary">{t('cond.empty')}</Typography.Text>}
        {group.children.map((child) =>
          child.kind === 'group' ? (
            <GroupEditor key={child.id} group={child} root={root} onRootChange={onRootChange} paths={paths} depth={depth + 1} />
          ) : child.kind === 'rule' ? (
            <RuleEditor key={child.id} rule={child} root={root} onRootChange={onRootChange} paths={paths} depth={depth} />
          ) : (
            <RawEditor key={child.id} node={child} root={root} onRootChange={onRootChange} />
          ),
        )}
      </Space>
      <Space style={{ marginTop: 8 }}>
        <Button size="small" icon={<PlusOutlined />} onClick={() => setChildren([...group.children, newRule(firstPath)])} disabled={!firstPath}>
          {t('cond.addRule')}
        </Button>
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => setChildren([...group.children, { ...emptyGroup(group.combinator === 'and' ? 'or' : 'and') }])}
        >
          {t('cond.addGroup')}
        </Button>
        {depth > 0 && (
          <Button size="small" danger icon={<DeleteOutlined />} onClick={() => replace(null)}>
            {t('cond.removeGroup')}
          </Button>
        )}
      </Space>
    </Card>
  );
}

const OPERATOR_KEYS: Record<Operator, MessageKey> = {
  eq: 'cond.op.eq',
  neq: 'cond.op.neq',
  gt: 'cond.op.gt',
  gte: 'cond.op.gte',
  lt: 'cond.op.lt',
  lte: 'cond.op.lte',
  between: 'cond.op.between',
  contains: 'cond.op.contains',
  notContains: 'cond.op.notContains',
  in: 'cond.op.in',
  notIn: 'cond.op.notIn',
  isSet: 'cond.op.isSet',
  isNotSet: 'cond.op.isNotSet',
  isNull: 'cond.op.isNull',
  isNotNull: 'cond.op.isNotNull',
};

/** Date operators read as before / after. */
const DATE_OPERATOR_KEYS: Partial<Record<Operator, MessageKey>> = {
  lt: 'cond.op.before',
  lte: 'cond.op.onOrBefore',
  gt: 'cond.op.after',
  gte: 'cond.op.onOrAfter',
};

export function operatorLabel(t: (key: MessageKey) => string, operator: Operator, kind: ValueKind): string {
  if (kind === 'multi' && operator === 'contains') return t('cond.op.includes');
  if (kind === 'multi' && operator === 'notContains') return t('cond.op.notIncludes');
  const dateKey = kind === 'date' || kind === 'datetime' ? DATE_OPERATOR_KEYS[operator] : undefined;
  return t(dateKey ?? OPERATOR_KEYS[operator]);
}

function RuleEditor({ rule, root, onRootChange, paths }: NodeProps & { rule: RuleNode }) {
  const { t, label } = useT();
  const path = paths.find((p) => p.path === rule.path);
  const kind: ValueKind = path?.kind ?? 'text';
  const operators = OPERATORS_BY_KIND[kind].includes(rule.operator) ? OPERATORS_BY_KIND[kind] : [...OPERATORS_BY_KIND[kind], rule.operator];
  const replace = (next: RuleNode | null) => onRootChange(updateNode(root, rule.id, next));

  const pathOptions = useMemo(() => {
    const options = paths.map((p) => ({ value: p.path, label: `${p.labels.map((l) => label(l)).join(' › ')} (${p.path})` }));
    if (!path && rule.path) options.push({ value: rule.path, label: rule.path });
    return options;
  }, [paths, path, rule.path, label]);

  const choosePath = (next: string) => {
    const nextKind = paths.find((p) => p.path === next)?.kind ?? 'text';
    const operator = OPERATORS_BY_KIND[nextKind].includes(rule.operator) ? rule.operator : 'isSet';
    const keepValue = nextKind === kind;
    replace({
      kind: 'rule',
      id: rule.id,
      path: next,
      operator,
      ...(keepValue && rule.value !== undefined ? { value: rule.value } : {}),
      ...(keepValue && rule.to !== undefined ? { to: rule.to } : {}),
    });
  };

  const chooseOperator = (operator: Operator) => {
    const next: RuleNode = { kind: 'rule', id: rule.id, path: rule.path, operator };
    if (!UNARY_OPERATORS.has(operator)) {
      const list = LIST_OPERATORS.has(operator);
      if (list) next.value = Array.isArray(rule.value) ? rule.value : [];
      else if (!Array.isArray(rule.value) && rule.value !== undefined) next.value = rule.value;
      if (operator === 'between' && rule.to !== undefined) next.to = rule.to;
    }
    replace(next);
  };

  return (
    <Space wrap align="start" data-testid="cond-rule">
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        style={{ minWidth: 240 }}
        value={rule.path}
        onChange={choosePath}
        options={pathOptions}
        aria-label={t('cond.field')}
        popupMatchSelectWidth={false}
      />
      <Select
        style={{ minWidth: 150 }}
        value={rule.operator}
        onChange={chooseOperator}
        options={operators.map((op) => ({ value: op, label: operatorLabel(t, op, kind) }))}
        aria-label={t('cond.operator')}
      />
      {!UNARY_OPERATORS.has(rule.operator) && (
        <ValueInput
          kind={kind}
          path={path}
          operator={rule.operator}
          value={rule.value}
          onChange={(value) => replace({ ...rule, value })}
          label={t('cond.value')}
        />
      )}
      {rule.operator === 'between' && (
        <>
          <Typography.Text type="secondary">{t('cond.and')}</Typography.Text>
          <ValueInput kind={kind} path={path} operator={rule.operator} value={rule.to} onChange={(to) => replace({ ...rule, to })} label={t('cond.valueTo')} />
        </>
      )}
      <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => replace(null)} aria-label={t('cond.removeRule')} />
    </Space>
  );
}

function isSpecial(value: ConditionValue | undefined): value is { today: [] } | { now: [] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ValueInput({
  kind,
  path,
  operator,
  value,
  onChange,
  label: ariaLabel,
}: {
  kind: ValueKind;
  path: FieldPath | undefined;
  operator: Operator;
  value: ConditionValue | undefined;
  onChange: (value: ConditionValue) => void;
  label: string;
}) {
  const { t, label } = useT();
  const options = (path?.options ?? []).map((o) => ({ value: o.value, label: label(o.label, o.value) }));
  if (LIST_OPERATORS.has(operator)) {
    const list = Array.isArray(value) ? value : [];
    return (
      <Select
        mode={options.length ? 'multiple' : 'tags'}
        style={{ minWidth: 220 }}
        value={list}
        onChange={(next: string[]) => onChange(next)}
        options={options}
        aria-label={ariaLabel}
        placeholder={t('cond.values')}
      />
    );
  }
  if (kind === 'picklist' || kind === 'multi') {
    if (options.length) {
      return (
        <Select
          style={{ minWidth: 180 }}
          value={typeof value === 'string' ? value : undefined}
          onChange={(next: string) => onChange(next)}
          options={options}
          aria-label={ariaLabel}
        />
      );
    }
  }
  if (kind === 'number') {
    return (
      <InputNumber
        value={typeof value === 'number' ? value : null}
        onChange={(next) => onChange(typeof next === 'number' ? next : null)}
        aria-label={ariaLabel}
      />
    );
  }
  if (kind === 'boolean') {
    return (
      <Select
        style={{ minWidth: 110 }}
        value={typeof value === 'boolean' ? String(value) : undefined}
        onChange={(next: string) => onChange(next === 'true')}
        options={[
          { value: 'true', label: t('common.true') },
          { value: 'false', label: t('common.false') },
        ]}
        aria-label={ariaLabel}
      />
    );
  }
  if (kind === 'date' || kind === 'datetime') {
    const special = kind === 'date' ? 'today' : 'now';
    const mode = isSpecial(value) ? special : 'fixed';
    return (
      <Space.Compact>
        <Select
          style={{ width: 110 }}
          value={mode}
          onChange={(next: string) => onChange(next === 'today' ? { today: [] } : next === 'now' ? { now: [] } : null)}
          options={[
            { value: 'fixed', label: t('cond.fixedDate') },
            { value: special, label: t(kind === 'date' ? 'cond.today' : 'cond.now') },
          ]}
          aria-label={t('cond.dateMode')}
        />
        {mode === 'fixed' && (
          <DatePicker
            showTime={kind === 'datetime'}
            value={typeof value === 'string' && value ? dayjs(value) : null}
            onChange={(next) => onChange(next ? (kind === 'date' ? next.format('YYYY-MM-DD') : next.toISOString()) : null)}
            aria-label={ariaLabel}
          />
        )}
      </Space.Compact>
    );
  }
  return (
    <Input
      style={{ width: 200 }}
      value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
      onChange={(event) => onChange(event.target.value)}
      aria-label={ariaLabel}
    />
  );
}

function RawEditor({ node, root, onRootChange }: { node: ConditionNode & { kind: 'raw' }; root: GroupNode; onRootChange: (root: GroupNode) => void }) {
  const { t } = useT();
  return (
    <div data-testid="cond-raw">
      <Space align="start">
        <Tag>{t('cond.raw')}</Tag>
        <div style={{ minWidth: 360 }}>
          <JsonEditor
            value={JSON.stringify(node.logic)}
            onValid={(logic) => onRootChange(updateNode(root, node.id, { kind: 'raw', id: node.id, logic }))}
            label={t('cond.raw')}
            rows={2}
          />
        </div>
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          onClick={() => onRootChange(updateNode(root, node.id, null))}
          aria-label={t('cond.removeRule')}
        />
      </Space>
    </div>
  );
}

/** Whether two JSON texts hold the same value (formatting aside). */
function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/** A JSON text area that reports valid JSON as it is typed and flags invalid JSON. */
export function JsonEditor({ value, onValid, label, rows = 6 }: { value: string; onValid: (value: JsonLogic) => void; label: string; rows?: number }) {
  const { t } = useT();
  const [text, setText] = useState(value);
  const [invalid, setInvalid] = useState(false);
  const textRef = useRef(text);
  textRef.current = text;
  useEffect(() => {
    if (!sameJson(textRef.current, value)) {
      setText(value);
      setInvalid(false);
    }
  }, [value]);
  return (
    <>
      <Input.TextArea
        rows={rows}
        value={text}
        status={invalid ? 'error' : undefined}
        aria-label={label}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          try {
            const parsed = JSON.parse(next) as JsonLogic;
            setInvalid(false);
            onValid(parsed);
          } catch {
            setInvalid(true);
          }
        }}
      />
      {invalid && <Typography.Text type="danger">{t('cond.invalidJson')}</Typography.Text>}
    </>
  );
}

import '../testing/setup.ts';
import type { JsonLogic } from '@atrium/metadata';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { DesignerLocaleProvider } from '../support/i18n.tsx';
import { bundle, opportunity } from '../testing/fixtures.ts';
import { ConditionBuilder } from './ConditionBuilder.tsx';
import { evaluateOn, fromJsonLogic, toJsonLogic, withoutIds } from './condition-model.ts';
import { fieldPaths } from './field-paths.ts';
import { ConditionTester } from './RuleTester.tsx';

const paths = fieldPaths(opportunity(), bundle());

/** Conditions in the builder's canonical json-logic: each must come back unchanged through the model. */
const CANONICAL: JsonLogic[] = [
  { and: [{ '!!': { var: 'amount.amount' } }, { '!!': { var: 'closeDate' } }] },
  { or: [{ '==': [{ var: 'amount.amount' }, null] }, { '>=': [{ var: 'amount.amount' }, 0] }] },
  { or: [{ '!=': [{ var: 'stage' }, 'closedLost'] }, { '!!': { var: 'notes' } }] },
  { and: [{ '<=': [0, { var: 'probability' }, 100] }, { in: [{ var: 'stage' }, ['proposal', 'closedWon']] }] },
  { and: [{ in: ['urgent', { var: 'notes' }] }, { '!': { in: [{ var: 'stage' }, ['closedLost']] } }, { '!': { var: 'account' } }] },
  { and: [{ '<': [{ var: 'closeDate' }, { today: [] }] }, { or: [{ '>': [{ var: 'amount.amount' }, 1000] }, { '!=': [{ var: 'account.name' }, null] }] }] },
  // Not a form the builder has: kept as json-logic inside the group.
  { and: [{ '!!': { var: 'name' } }, { '==': [{ '%': [{ var: 'probability' }, 10] }, 0] }] },
];

describe('condition model', () => {
  it.each(CANONICAL.map((logic) => [JSON.stringify(logic), logic]))('json-logic → model → json-logic keeps %s', (_name, logic) => {
    expect(toJsonLogic(fromJsonLogic(logic))).toEqual(logic);
  });

  it('model → json-logic → model gives the same model', () => {
    for (const logic of CANONICAL) {
      const model = fromJsonLogic(logic);
      expect(withoutIds(fromJsonLogic(toJsonLogic(model)))).toEqual(withoutIds(model));
    }
  });

  it('reads the shapes people write by hand', () => {
    const model = fromJsonLogic({ '!!': [{ var: 'account' }] });
    expect(withoutIds(model)).toEqual({ kind: 'group', combinator: 'and', implicit: true, children: [{ kind: 'rule', path: 'account', operator: 'isSet' }] });
    // A single rule stays a single rule.
    expect(toJsonLogic(model)).toEqual({ '!!': { var: 'account' } });
    expect(withoutIds(fromJsonLogic({ '%': [1, 2] }).children[0] as never)).toEqual({ kind: 'raw', logic: { '%': [1, 2] } });
    expect(toJsonLogic(fromJsonLogic(true))).toBe(true);
  });

  it('evaluates on a sample record with json-logic-js', () => {
    const rule = CANONICAL[0] as JsonLogic;
    expect(evaluateOn(rule, { amount: { amount: 10, currency: 'EUR' }, closeDate: '2030-01-01' })).toMatchObject({ ok: true, holds: true });
    expect(evaluateOn(rule, { amount: null, closeDate: '2030-01-01' })).toMatchObject({ ok: true, holds: false });
    expect(evaluateOn({ unknownOperation: [] }, {})).toMatchObject({ ok: false });
  });
});

function Harness({ initial, onChange }: { initial: JsonLogic; onChange: (logic: JsonLogic) => void }) {
  const [value, setValue] = useState<JsonLogic>(initial);
  return (
    <DesignerLocaleProvider locale="en">
      <ConditionBuilder
        value={value}
        paths={paths}
        onChange={(logic) => {
          setValue(logic);
          onChange(logic);
        }}
      />
    </DesignerLocaleProvider>
  );
}

describe('ConditionBuilder', () => {
  it('shows json-logic as rules and turns edits back into json-logic', () => {
    const onChange = vi.fn();
    render(<Harness initial={{ or: [{ '==': [{ var: 'amount.amount' }, null] }, { '>=': [{ var: 'amount.amount' }, 0] }] }} onChange={onChange} />);
    const rules = screen.getAllByTestId('cond-rule');
    expect(rules).toHaveLength(2);
    // The second rule's value input holds 0; change it to 500.
    const value = within(rules[1] as HTMLElement).getByLabelText('Value');
    expect(value).toHaveValue('0');
    fireEvent.change(value, { target: { value: '500' } });
    expect(onChange).toHaveBeenLastCalledWith({ or: [{ '==': [{ var: 'amount.amount' }, null] }, { '>=': [{ var: 'amount.amount' }, 500] }] });
    // Switch the group to "and".
    fireEvent.click(screen.getByText('and'));
    expect(onChange).toHaveBeenLastCalledWith({ and: [{ '==': [{ var: 'amount.amount' }, null] }, { '>=': [{ var: 'amount.amount' }, 500] }] });
  });

  it('adds and removes rules and groups', () => {
    const onChange = vi.fn();
    render(<Harness initial={{ and: [] }} onChange={onChange} />);
    expect(screen.getByText('No rules yet: the condition always holds.')).toBeInTheDocument();
    fireEvent.click(screen.getAllByText('Add rule')[0] as HTMLElement);
    // A new rule checks that the first field has a value.
    expect(onChange).toHaveBeenLastCalledWith({ and: [{ '!!': { var: 'name' } }] });
    fireEvent.click(screen.getAllByText('Add group')[0] as HTMLElement);
    const nested = screen.getByTestId('cond-group-1');
    fireEvent.click(within(nested).getByText('Add rule'));
    expect(onChange).toHaveBeenLastCalledWith({ and: [{ '!!': { var: 'name' } }, { or: [{ '!!': { var: 'name' } }] }] });
    fireEvent.click(within(nested).getByText('Remove group'));
    expect(onChange).toHaveBeenLastCalledWith({ and: [{ '!!': { var: 'name' } }] });
    fireEvent.click(screen.getByLabelText('Remove rule'));
    expect(onChange).toHaveBeenLastCalledWith(true);
  });

  it('keeps what it cannot show as editable json-logic', () => {
    const onChange = vi.fn();
    render(<Harness initial={{ and: [{ '==': [{ '%': [{ var: 'probability' }, 10] }, 0] }] }} onChange={onChange} />);
    const raw = within(screen.getByTestId('cond-raw')).getByLabelText('json-logic');
    fireEvent.change(raw, { target: { value: '{"==":[{"%":[{"var":"probability"},5]},0]}' } });
    expect(onChange).toHaveBeenLastCalledWith({ and: [{ '==': [{ '%': [{ var: 'probability' }, 5] }, 0] }] });
  });

  it('tests the condition on a sample record', () => {
    render(
      <DesignerLocaleProvider locale="en">
        <ConditionTester logic={{ and: [{ '!!': { var: 'amount.amount' } }] }} object={opportunity()} bundle={bundle()} passText="PASS" failText="FAIL" />
      </DesignerLocaleProvider>,
    );
    // The generated sample has an amount: the condition holds.
    expect(within(screen.getByTestId('tester-result')).getByText('PASS')).toBeInTheDocument();
    const sample = screen.getByLabelText('Sample record (JSON)');
    fireEvent.change(sample, { target: { value: JSON.stringify({ name: 'x', amount: null }) } });
    expect(within(screen.getByTestId('tester-result')).getByText('FAIL')).toBeInTheDocument();
  });
});

import '../testing/setup.ts';
import type { PipelineDef } from '@atrium/metadata';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, opportunity } from '../testing/fixtures.ts';
import { renderDesigner } from '../testing/render.tsx';
import { PipelineEditor } from './PipelineEditor.tsx';
import { entryConditionFor, moveStage, newPipeline, pipelineOperations, requiredFieldsOf } from './pipeline-model.ts';

/** Opens an antd Select by its accessible name and clicks the options with these titles. */
async function choose(label: string, titles: string[]) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  for (const title of titles) {
    await waitFor(() => expect(document.querySelector(`.ant-select-item-option[title="${title}"]`)).not.toBeNull());
    fireEvent.click(document.querySelector(`.ant-select-item-option[title="${title}"]`) as HTMLElement);
  }
}

describe('pipeline model', () => {
  it('turns required fields into an entry condition and back', () => {
    const condition = entryConditionFor(['amount.amount', 'closeDate']);
    expect(condition).toEqual({ and: [{ '!!': { var: 'amount.amount' } }, { '!!': { var: 'closeDate' } }] });
    expect(requiredFieldsOf(condition)).toEqual(['amount.amount', 'closeDate']);
    expect(entryConditionFor([])).toBeUndefined();
    // The seed's hand-written forms read too; anything else is a condition.
    expect(requiredFieldsOf({ '!!': [{ var: 'account' }] })).toEqual(['account']);
    expect(requiredFieldsOf({ and: [{ '!!': [{ var: 'account' }] }, { '>': [{ var: 'amount.amount' }, 0] }] })).toBeUndefined();
  });

  it('builds stages from the picklist and reorders them', () => {
    const pipeline = newPipeline(opportunity());
    expect(pipeline.field).toBe('stage');
    expect(pipeline.stages.map((s) => [s.value, s.category])).toEqual([
      ['prospecting', 'open'],
      ['proposal', 'open'],
      ['closedWon', 'won'],
      ['closedLost', 'lost'],
    ]);
    expect(moveStage(pipeline, 1, 0).stages.map((s) => s.value)).toEqual(['proposal', 'prospecting', 'closedWon', 'closedLost']);
  });
});

describe('PipelineEditor', () => {
  it('reorders stages, sets required fields as the entry condition, adds a stage and saves', async () => {
    const fake = fakeApi();
    renderDesigner(<PipelineEditor object={opportunity()} />, { api: fake.api });
    const stageOrder = () => screen.getAllByTestId(/^stage-/).map((card) => card.getAttribute('data-testid'));
    expect(stageOrder()).toEqual(['stage-prospecting', 'stage-proposal', 'stage-closedWon', 'stage-closedLost']);

    fireEvent.click(screen.getByLabelText('Move proposal earlier'));
    expect(stageOrder()).toEqual(['stage-proposal', 'stage-prospecting', 'stage-closedWon', 'stage-closedLost']);

    await choose('Fields required to enter closedWon', ['Amount', 'Close date']);
    fireEvent.change(screen.getByLabelText('Probability of proposal'), { target: { value: '35' } });
    fireEvent.change(screen.getByLabelText('Label of proposal (Chinese)'), { target: { value: '方案' } });

    fireEvent.change(screen.getByLabelText('New stage label'), { target: { value: 'Negotiation' } });
    fireEvent.click(screen.getByText('Add stage'));
    expect(stageOrder()).toEqual(['stage-proposal', 'stage-prospecting', 'stage-negotiation', 'stage-closedWon', 'stage-closedLost']);

    fireEvent.click(screen.getByText('Review and save'));
    await waitFor(() => expect(fake.changeMetadata).toHaveBeenCalled());
    const [addOption, save] = fake.changeMetadata.mock.calls[0]?.[0].operations ?? [];
    // The new stage's value becomes an option of the picklist, in the same change.
    expect(addOption).toMatchObject({ op: 'updateField', object: 'obj_opportunity', field: 'fld_opp_stage' });
    expect((addOption as { changes: { config: { options: Array<{ value: string }> } } }).changes.config.options.map((o) => o.value)).toEqual([
      'prospecting',
      'proposal',
      'closedWon',
      'closedLost',
      'negotiation',
    ]);
    const pipeline = (save as { op: string; pipeline: PipelineDef }).pipeline;
    expect(save).toMatchObject({ op: 'savePipeline' });
    expect(pipeline.stages.map((s) => s.value)).toEqual(['proposal', 'prospecting', 'negotiation', 'closedWon', 'closedLost']);
    expect(pipeline.stages[0]).toMatchObject({ value: 'proposal', probability: 35, label: { en: 'Proposal', 'zh-CN': '方案' } });
    expect(pipeline.stages.find((s) => s.value === 'closedWon')).toMatchObject({
      category: 'won',
      probability: 100,
      entryCondition: { and: [{ '!!': { var: 'amount.amount' } }, { '!!': { var: 'closeDate' } }] },
    });
    expect(pipeline.stages.find((s) => s.value === 'prospecting')?.entryCondition).toBeUndefined();
    await screen.findByTestId('change-plan');
  });

  it('marks a stage lost and keeps a custom entry condition as a condition', async () => {
    const object = opportunity();
    const existing = pipelineOperations(object, {
      ...newPipeline(object),
      id: 'pip_sales',
      stages: newPipeline(object).stages.map((s) => (s.value === 'proposal' ? { ...s, entryCondition: { '>': [{ var: 'amount.amount' }, 0] } } : s)),
    })[0] as { pipeline: PipelineDef };
    const fake = fakeApi();
    renderDesigner(<PipelineEditor object={object} pipeline={existing.pipeline} />, { api: fake.api });
    // The proposal stage shows its condition in the builder (not as required fields).
    expect(screen.getByTestId('stage-proposal').querySelector('[data-testid="condition-builder"]')).not.toBeNull();
    fireEvent.click(screen.getAllByText('Lost')[1] as HTMLElement);
    fireEvent.click(screen.getByText('Review and save'));
    await waitFor(() => expect(fake.changeMetadata).toHaveBeenCalled());
    const save = fake.changeMetadata.mock.calls[0]?.[0].operations[0] as { pipeline: PipelineDef };
    expect(save.pipeline.stages.find((s) => s.value === 'proposal')).toMatchObject({
      category: 'lost',
      probability: 0,
      entryCondition: { '>': [{ var: 'amount.amount' }, 0] },
    });
  });
});

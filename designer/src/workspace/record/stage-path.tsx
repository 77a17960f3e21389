import type { ObjectDef, PipelineDef } from '@atrium/metadata';
import { Steps } from 'antd';
import { useI18n } from '../../app/i18n/i18n-context.tsx';

/** Which pipeline applies to a record: the first whose `appliesWhen` holds, else the default. */
export function pipelineOf(
  pipelines: PipelineDef[],
  record: Record<string, unknown>,
  evaluate: (rule: unknown, data: unknown) => boolean,
): PipelineDef | undefined {
  return (
    pipelines.find((p) => p.appliesWhen !== undefined && evaluate(p.appliesWhen, record)) ?? pipelines.find((p) => p.appliesWhen === undefined) ?? pipelines[0]
  );
}

/** The record's pipeline as a path of stages; a click on a stage moves the record there (when allowed). */
export function StagePath({
  pipeline,
  value,
  onMove,
  disabled,
}: {
  object: ObjectDef;
  pipeline: PipelineDef;
  value: unknown;
  onMove?(stage: string): void;
  disabled?: boolean;
}) {
  const { label } = useI18n();
  const current = pipeline.stages.findIndex((s) => s.value === value);
  const stage = pipeline.stages[current];
  const status = stage?.category === 'lost' ? 'error' : stage?.category === 'won' ? 'finish' : 'process';
  return (
    <Steps
      className="atrium-gap"
      size="small"
      current={current}
      status={status}
      type="navigation"
      onChange={disabled || !onMove ? undefined : (i) => pipeline.stages[i] && onMove(pipeline.stages[i].value)}
      items={pipeline.stages.map((s) => ({ title: label(s.label, s.value), disabled: disabled || !onMove }))}
      responsive
    />
  );
}

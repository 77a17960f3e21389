import type { JsonLogic, MetadataBundle, ObjectDef } from '@atrium/metadata';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useT } from '../support/i18n.tsx';
import { JsonEditor } from './ConditionBuilder.tsx';
import { evaluateOn } from './condition-model.ts';
import { sampleRecord } from './sample-record.ts';

export type SampleRecord = Record<string, unknown>;

/** A sample record the admin edits as JSON (prefilled with plausible values of every field). */
export function useSampleRecord(object: ObjectDef | undefined, bundle: MetadataBundle | undefined) {
  const initial = useMemo(() => (object ? sampleRecord(object, bundle) : {}), [object, bundle]);
  const [record, setRecord] = useState<SampleRecord>(initial);
  return { record, setRecord, reset: () => setRecord(initial) };
}

export function SampleRecordEditor({ record, onChange, onReset }: { record: SampleRecord; onChange: (record: SampleRecord) => void; onReset: () => void }) {
  const { t } = useT();
  return (
    <div>
      <Space style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('tester.sample')}</Typography.Text>
        <Button size="small" onClick={onReset}>
          {t('tester.reset')}
        </Button>
      </Space>
      <JsonEditor
        value={JSON.stringify(record, null, 2)}
        rows={8}
        label={t('tester.sample')}
        onValid={(value) => {
          if (value && typeof value === 'object' && !Array.isArray(value)) onChange(value as SampleRecord);
        }}
      />
    </div>
  );
}

/** Evaluates a condition on the sample record as the admin edits either (the same json-logic the server runs). */
export function ConditionTester({
  logic,
  object,
  bundle,
  passText,
  failText,
}: {
  logic: JsonLogic;
  object: ObjectDef;
  bundle: MetadataBundle;
  passText: string;
  failText: string;
}) {
  const { t } = useT();
  const sample = useSampleRecord(object, bundle);
  const result = evaluateOn(logic, sample.record);
  return (
    <Card size="small" title={t('tester.title')} data-testid="condition-tester">
      <SampleRecordEditor record={sample.record} onChange={sample.setRecord} onReset={sample.reset} />
      <div style={{ marginTop: 8 }} data-testid="tester-result">
        {result.ok ? (
          <Alert
            type={result.holds ? 'success' : 'error'}
            showIcon
            title={result.holds ? passText : failText}
            description={`${t('tester.value')}: ${JSON.stringify(result.value)}`}
          />
        ) : (
          <Alert type="error" showIcon title={t('tester.error')} description={result.error} />
        )}
      </div>
    </Card>
  );
}

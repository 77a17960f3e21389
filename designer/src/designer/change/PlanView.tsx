import { Alert, Collapse, List, Table, Tag, Typography } from 'antd';
import type { ChangePlan, PlanStep } from '../support/api.ts';
import { useT } from '../support/i18n.tsx';

/** The plan of a metadata change: what changes, rows affected, what is destructive, follow-up jobs, the DDL. */
export function PlanView({ plan }: { plan: ChangePlan }) {
  const { t } = useT();
  return (
    <div data-testid="change-plan">
      <Typography.Paragraph>
        <Typography.Text strong>{plan.summary}</Typography.Text>
      </Typography.Paragraph>
      {plan.destructive && (
        <Alert type="warning" showIcon title={t('plan.destructiveTitle')} description={t('plan.destructiveBody')} style={{ marginBottom: 12 }} />
      )}
      <Table<PlanStep>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={plan.steps.map((step, index) => ({ ...step, key: `${index}-${step.action}-${step.object}-${step.field ?? ''}` }))}
        columns={[
          { title: t('plan.step'), dataIndex: 'description', render: (text: string) => <span>{text}</span> },
          { title: t('plan.target'), render: (_, step) => <code>{step.field ? `${step.object}.${step.field}` : step.object}</code> },
          { title: t('plan.rows'), dataIndex: 'rowsAffected', align: 'right', width: 110 },
          {
            title: '',
            width: 110,
            render: (_, step) => (step.destructive ? <Tag color="red">{t('plan.destructive')}</Tag> : <Tag color="green">{t('plan.safe')}</Tag>),
          },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 12 }}>{t('plan.rowsTotal', { count: plan.rowsAffected })}</Typography.Paragraph>
      {plan.jobs.length > 0 && (
        <>
          <Typography.Title level={5}>{t('plan.jobs')}</Typography.Title>
          <List
            size="small"
            bordered
            dataSource={plan.jobs}
            renderItem={(job) => (
              <List.Item>
                <Tag>{job.task}</Tag> {job.description}
                {job.runAt && <Typography.Text type="secondary"> · {t('plan.runAt', { when: new Date(job.runAt).toLocaleString() })}</Typography.Text>}
              </List.Item>
            )}
          />
        </>
      )}
      {plan.ddl.length > 0 && (
        <Collapse
          style={{ marginTop: 12 }}
          size="small"
          items={[
            {
              key: 'ddl',
              label: t('plan.ddl', { count: plan.ddl.length }),
              children: <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12, margin: 0 }}>{plan.ddl.join(';\n\n')}</pre>,
            },
          ]}
        />
      )}
    </div>
  );
}

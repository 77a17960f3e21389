import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ProblemView } from '../change/ChangeReview.tsx';
import type { ApiProblem, JobStatus, JobView } from '../support/api.ts';
import { useDesignerApi } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { useAsync } from '../support/use-async.ts';

const STATUS_COLORS: Record<JobStatus, string> = { queued: 'default', running: 'processing', succeeded: 'success', failed: 'error' };

/** The follow-up jobs of metadata changes (index builds, backfills, purges) with their progress; refreshed while any runs. */
export function JobsPage() {
  const { t } = useT();
  const api = useDesignerApi();
  const [status, setStatus] = useState<JobStatus | undefined>();
  const jobs = useAsync(() => api.listJobs({ ...(status ? { status } : {}), limit: 100 }), [api, status]);
  const busy = (jobs.data ?? []).some((j) => (j.status === 'running' || j.status === 'queued') && new Date(j.runAt).getTime() <= Date.now());
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void jobs.reload(), 3000);
    return () => clearInterval(timer);
  }, [busy, jobs.reload]);
  return (
    <Card
      title={t('jobs.title')}
      data-testid="jobs-page"
      extra={
        <Space>
          <Select
            allowClear
            placeholder={t('jobs.allStatuses')}
            value={status}
            onChange={setStatus}
            options={(['queued', 'running', 'succeeded', 'failed'] as const).map((s) => ({ value: s, label: t(`jobs.status.${s}`) }))}
            style={{ width: 160 }}
            aria-label={t('jobs.status')}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void jobs.reload()}>
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('jobs.help')}</Typography.Paragraph>
      {jobs.status === 'error' && <ProblemView problem={jobs.error as ApiProblem} />}
      <Table<JobView>
        rowKey="id"
        size="small"
        loading={jobs.status === 'loading'}
        dataSource={jobs.data ?? []}
        pagination={{ pageSize: 25, hideOnSinglePage: true }}
        locale={{ emptyText: t('jobs.empty') }}
        columns={[
          { title: t('jobs.task'), dataIndex: 'task', render: (task: string) => <code>{task}</code> },
          { title: t('jobs.status'), dataIndex: 'status', render: (s: JobStatus) => <Tag color={STATUS_COLORS[s]}>{t(`jobs.status.${s}`)}</Tag> },
          {
            title: t('jobs.progress'),
            render: (_, job) =>
              job.total > 0 ? (
                <Progress percent={Math.round((job.done / job.total) * 100)} size="small" status={job.status === 'failed' ? 'exception' : undefined} />
              ) : (
                '—'
              ),
          },
          {
            title: t('jobs.message'),
            render: (_, job) => <Typography.Text type={job.error ? 'danger' : undefined}>{job.error ?? job.message ?? ''}</Typography.Text>,
          },
          { title: t('jobs.runAt'), render: (_, job) => new Date(job.runAt).toLocaleString() },
          { title: t('jobs.attempts'), dataIndex: 'attempts', align: 'right' },
        ]}
      />
    </Card>
  );
}

import type { MetadataOperation } from '@atrium/metadata';
import { Alert, App, Button, Checkbox, List, Modal, Spin, Typography } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from 'react';
import { type ApiProblem, apiErrorOf, type ChangePlan, type ChangeResult } from '../support/api.ts';
import { useDesignerApi, useMetadata } from '../support/designer-context.tsx';
import { useT } from '../support/i18n.tsx';
import { PlanView } from './PlanView.tsx';

/**
 * Every metadata change in the designer goes through here: a dry run shows the plan from the
 * metadata API (steps, rows affected, destructive flags, follow-up jobs), a destructive plan must
 * be acknowledged, then the change is applied with the version the screen was based on. A stale
 * version (CONFLICT) asks the admin to reload.
 */

export interface ReviewOptions {
  /** Title of the review dialog. */
  title?: string;
}

/** Resolves with the result when the change was applied; null when cancelled, refused or nothing changed. */
export type ReviewChange = (operations: MetadataOperation[], options?: ReviewOptions) => Promise<ChangeResult | null>;

type Phase =
  | { phase: 'idle' }
  | { phase: 'planning' }
  | { phase: 'planned'; plan: ChangePlan }
  | { phase: 'nothing' }
  | { phase: 'applying'; plan: ChangePlan }
  | { phase: 'error'; problem: ApiProblem; plan?: ChangePlan };

const ReviewContext = createContext<ReviewChange | undefined>(undefined);

export function useChangeReview(): ReviewChange {
  const review = useContext(ReviewContext);
  if (!review) throw new Error('the designer needs a ChangeReviewProvider');
  return review;
}

export function ChangeReviewProvider({ children }: { children: ReactNode }) {
  const api = useDesignerApi();
  const metadata = useMetadata();
  const { t } = useT();
  const { message } = App.useApp();
  const [state, setState] = useState<Phase>({ phase: 'idle' });
  const [title, setTitle] = useState<string>('');
  const [acknowledged, setAcknowledged] = useState(false);
  const pending = useRef<{ operations: MetadataOperation[]; baseVersion: number; resolve: (result: ChangeResult | null) => void } | null>(null);

  const finish = useCallback((result: ChangeResult | null) => {
    pending.current?.resolve(result);
    pending.current = null;
    setState({ phase: 'idle' });
    setAcknowledged(false);
  }, []);

  const review = useCallback<ReviewChange>(
    (operations, options = {}) => {
      pending.current?.resolve(null);
      const baseVersion = metadata.version;
      setTitle(options.title ?? t('change.title'));
      setAcknowledged(false);
      setState({ phase: 'planning' });
      return new Promise<ChangeResult | null>((resolve) => {
        pending.current = { operations, baseVersion, resolve };
        api.changeMetadata({ baseVersion, operations, dryRun: true }).then(
          (result) => {
            if (pending.current?.operations !== operations) return;
            if (result.plan.steps.length === 0 && result.plan.ddl.length === 0 && result.plan.jobs.length === 0) setState({ phase: 'nothing' });
            else setState({ phase: 'planned', plan: result.plan });
          },
          (error: unknown) => {
            if (pending.current?.operations !== operations) return;
            setState({ phase: 'error', problem: apiErrorOf(error) });
          },
        );
      });
    },
    [api, metadata.version, t],
  );

  const apply = useCallback(async () => {
    const current = pending.current;
    if (!current || state.phase !== 'planned') return;
    const plan = state.plan;
    setState({ phase: 'applying', plan });
    try {
      const result = await api.changeMetadata({ baseVersion: current.baseVersion, operations: current.operations, dryRun: false });
      await metadata.reload();
      void message.success(result.applied ? t('change.applied', { version: result.version }) : t('change.nothing'));
      finish(result.applied ? result : null);
    } catch (error) {
      setState({ phase: 'error', problem: apiErrorOf(error), plan });
    }
  }, [api, finish, message, metadata, state, t]);

  const reloadAfterConflict = useCallback(async () => {
    await metadata.reload();
    finish(null);
  }, [finish, metadata]);

  const open = state.phase !== 'idle';
  const destructive = (state.phase === 'planned' || state.phase === 'applying') && state.plan.destructive;
  const conflict = state.phase === 'error' && state.problem.code === 'CONFLICT';

  let footer: ReactNode[] = [];
  if (state.phase === 'planned' || state.phase === 'applying') {
    footer = [
      <Button key="cancel" onClick={() => finish(null)} disabled={state.phase === 'applying'}>
        {t('common.cancel')}
      </Button>,
      <Button
        key="apply"
        type="primary"
        danger={destructive}
        loading={state.phase === 'applying'}
        disabled={destructive && !acknowledged}
        onClick={() => void apply()}
      >
        {destructive ? t('change.applyDestructive') : t('change.apply')}
      </Button>,
    ];
  } else if (conflict) {
    footer = [
      <Button key="close" onClick={() => finish(null)}>
        {t('common.close')}
      </Button>,
      <Button key="reload" type="primary" onClick={() => void reloadAfterConflict()}>
        {t('change.reload')}
      </Button>,
    ];
  } else if (state.phase !== 'planning') {
    footer = [
      <Button key="close" type="primary" onClick={() => finish(null)}>
        {t('common.close')}
      </Button>,
    ];
  }

  return (
    <ReviewContext.Provider value={review}>
      {children}
      <Modal open={open} title={title} onCancel={() => state.phase !== 'applying' && finish(null)} footer={footer} width={820} destroyOnHidden>
        {state.phase === 'planning' && (
          <div style={{ textAlign: 'center', padding: 24 }}>
            <Spin />
            <Typography.Paragraph type="secondary">{t('change.planning')}</Typography.Paragraph>
          </div>
        )}
        {state.phase === 'nothing' && <Alert type="info" showIcon title={t('change.nothing')} />}
        {(state.phase === 'planned' || state.phase === 'applying') && (
          <>
            <Typography.Paragraph type="secondary">{t('change.review')}</Typography.Paragraph>
            <PlanView plan={state.plan} />
            {destructive && (
              <Checkbox
                checked={acknowledged}
                onChange={(event) => setAcknowledged(event.target.checked)}
                style={{ marginTop: 12 }}
                data-testid="confirm-destructive"
              >
                {t('change.acknowledge')}
              </Checkbox>
            )}
          </>
        )}
        {state.phase === 'error' && <ProblemView problem={state.problem} />}
      </Modal>
    </ReviewContext.Provider>
  );
}

/** An API problem: a CONFLICT asks for a reload; other problems list their paths. */
export function ProblemView({ problem }: { problem: ApiProblem }) {
  const { t } = useT();
  if (problem.code === 'CONFLICT') {
    return <Alert type="warning" showIcon title={t('change.conflictTitle')} description={t('change.conflictBody')} data-testid="change-conflict" />;
  }
  return (
    <Alert
      type="error"
      showIcon
      title={`${problem.message}`}
      description={
        problem.details.length > 0 ? (
          <List
            size="small"
            dataSource={problem.details}
            renderItem={(detail) => (
              <List.Item>
                <code>{detail.path}</code> — {detail.message} <Typography.Text type="secondary">({detail.code})</Typography.Text>
              </List.Item>
            )}
          />
        ) : (
          <Typography.Text type="secondary">{problem.code}</Typography.Text>
        )
      }
    />
  );
}

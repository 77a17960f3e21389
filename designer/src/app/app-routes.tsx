import { Button, Result } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ListPage } from '../workspace/list/list-page.tsx';
import { RecordCreatePage, RecordPage } from '../workspace/record/record-page.tsx';
import { SearchPage } from '../workspace/search/search-page.tsx';
import { WorkspaceHome } from '../workspace/workspace-home.tsx';
import { hasCode } from './api/api-errors.ts';
import { DesignerMount } from './designer-mount.tsx';
import { useI18n } from './i18n/i18n-context.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { FrameSkeleton } from './layout/frame-skeleton.tsx';
import { MetadataProvider, useMetadata } from './metadata/metadata-context.tsx';
import { AccessProvider } from './permissions/access-context.tsx';
import { useSession } from './session/session-context.tsx';
import { SignInPage } from './session/sign-in-page.tsx';
import { ErrorBoundary } from './states/error-boundary.tsx';
import { ErrorState, Loading } from './states/states.tsx';

// Drag and drop is only for the kanban: its own chunk.
const KanbanPage = lazy(() => import('../workspace/kanban/kanban-page.tsx'));

function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Link to="/app">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** Waits for the metadata, then the access model; the frame keeps its size meanwhile (no layout jump). */
function SignedInShell({ children }: { children: ReactNode }) {
  const metadata = useMetadata();
  const { t } = useI18n();
  if (metadata.status === 'loading' || !metadata.index) {
    if (metadata.status === 'error') {
      const forbidden = hasCode(metadata.error, 'FORBIDDEN');
      return (
        <FrameSkeleton>
          {forbidden ? (
            <Result status="403" title="403" subTitle={t('app.metadataForbidden')} />
          ) : (
            <ErrorState error={metadata.error} retry={() => void metadata.reload()} />
          )}
        </FrameSkeleton>
      );
    }
    return <FrameSkeleton />;
  }
  return (
    <AccessProvider>
      <AppLayout>
        <ErrorBoundary>{children}</ErrorBoundary>
      </AppLayout>
    </AccessProvider>
  );
}

function WorkspaceRoutes() {
  const location = useLocation();
  return (
    <SignedInShell>
      <Routes location={location}>
        <Route path="/" element={<Navigate to="/app" replace />} />
        <Route path="/sign-in" element={<Navigate to="/app" replace />} />
        <Route path="/app" element={<WorkspaceHome />} />
        <Route path="/app/:object" element={<ListPage />} />
        <Route
          path="/app/:object/kanban"
          element={
            <Suspense fallback={<Loading rows={10} />}>
              <KanbanPage />
            </Suspense>
          }
        />
        <Route path="/app/:object/new" element={<RecordCreatePage />} />
        <Route path="/app/:object/:id" element={<RecordPage />} />
        <Route path="/search" element={<SearchPage />} />
        <Route path="/designer/*" element={<DesignerMount />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </SignedInShell>
  );
}

/** Signed out: the sign-in page at whatever URL was asked for (after signing in, that page shows). */
export function AppRoutes() {
  const session = useSession();
  if (session.status === 'loading') return <FrameSkeleton />;
  if (session.status === 'error') return <ErrorState error={session.error} retry={() => void session.refresh()} />;
  if (session.status === 'signedOut') return <SignInPage />;
  return (
    <MetadataProvider key={session.me?.tenant.id}>
      <WorkspaceRoutes />
    </MetadataProvider>
  );
}

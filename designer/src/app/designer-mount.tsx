import { Result } from 'antd';
import { type ComponentType, lazy, Suspense, useEffect } from 'react';
import { useI18n } from './i18n/i18n-context.tsx';
import { useMetadata } from './metadata/metadata-context.tsx';
import { useAccess } from './permissions/access-context.tsx';
import { ErrorBoundary } from './states/error-boundary.tsx';
import { Loading } from './states/states.tsx';

/**
 * The admin designer lives in `src/designer/` and exports `DesignerRoutes` (nested routes under
 * `/designer`). It is loaded on demand, as its own chunk, so the workspace never downloads it.
 * `import.meta.glob` is Vite's lazy import that also builds while the module is absent.
 */
const modules = import.meta.glob<{ DesignerRoutes: ComponentType }>('../designer/index.tsx');
const load = modules['../designer/index.tsx'];

function DesignerPlaceholder() {
  const { t } = useI18n();
  return <Result status="info" title={t('app.designer')} subTitle={t('app.designer.placeholder')} />;
}

const DesignerRoutes: ComponentType = load ? lazy(async () => ({ default: (await load()).DesignerRoutes })) : DesignerPlaceholder;

/** `/designer/*`: only for administrators (others never see the entry, and get a 403 page here). */
export function DesignerMount() {
  const access = useAccess();
  const { t } = useI18n();
  const { reload } = useMetadata();
  // Leaving the designer: the workspace reads the metadata again (navigation, lists and forms follow the changes).
  useEffect(() => () => void reload().catch(() => {}), [reload]);
  if (!access.isAdmin) return <Result status="403" title="403" subTitle={t('error.FORBIDDEN')} />;
  return (
    <ErrorBoundary>
      <Suspense fallback={<Loading rows={10} />}>
        <DesignerRoutes />
      </Suspense>
    </ErrorBoundary>
  );
}

import { type ReactNode, useMemo } from 'react';
import { useI18n } from '../../app/i18n/i18n-context.tsx';
import { useMetadata as useShellMetadata } from '../../app/metadata/metadata-context.tsx';
import { useApi, useSession } from '../../app/session/session-context.tsx';
import { apiErrorOf, createDesignerApi } from './api.ts';
import { CurrentUserProvider, DesignerApiProvider, EMPTY_BUNDLE, type MetadataState, MetadataValueProvider } from './designer-context.tsx';
import { DesignerLocaleProvider } from './i18n.tsx';

/**
 * The one place the designer meets the shell (src/app): the signed-in session's API client and
 * user, the interface locale, and the shell's metadata (so a change made here reaches the workspace's
 * navigation and forms at once). Everything else in the designer reads its own contexts.
 */
export function ShellBridge({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const client = useApi();
  const { me } = useSession();
  const shell = useShellMetadata();
  const api = useMemo(() => createDesignerApi((method, path, body) => client.request(method, path, body)), [client]);
  const metadata = useMemo<MetadataState>(
    () => ({
      status: shell.bundle ? 'ready' : shell.status === 'error' ? 'error' : 'loading',
      version: shell.version,
      bundle: shell.bundle ?? EMPTY_BUNDLE,
      ...(shell.error ? { error: apiErrorOf(shell.error) } : {}),
      reload: async () => {
        try {
          await shell.reload();
        } catch {
          // the shell keeps its last metadata and shows the error
        }
      },
    }),
    [shell],
  );
  return (
    <DesignerLocaleProvider locale={locale}>
      <DesignerApiProvider api={api}>
        <CurrentUserProvider userId={me?.user?.id}>
          <MetadataValueProvider value={metadata}>{children}</MetadataValueProvider>
        </CurrentUserProvider>
      </DesignerApiProvider>
    </DesignerLocaleProvider>
  );
}

import type { MetadataBundle } from '@atrium/metadata';
import { render } from '@testing-library/react';
import { App } from 'antd';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { ChangeReviewProvider } from '../change/ChangeReview.tsx';
import type { DesignerApi } from '../support/api.ts';
import { CurrentUserProvider, DesignerApiProvider, DesignerBaseProvider, MetadataProvider } from '../support/designer-context.tsx';
import { DesignerLocaleProvider } from '../support/i18n.tsx';
import { bundle, fakeApi } from './fixtures.ts';

/** Renders a designer screen with its providers (a fake API, the fixture metadata, English, a router at /designer, optionally the signed-in user). */
export function renderDesigner(
  ui: ReactElement,
  options: { api?: DesignerApi; locale?: string; path?: string; snapshot?: { version: number; bundle: MetadataBundle }; currentUserId?: string } = {},
) {
  const fake = options.api ? undefined : fakeApi();
  const api = options.api ?? (fake?.api as DesignerApi);
  const result = render(
    <App>
      <DesignerLocaleProvider locale={options.locale ?? 'en'}>
        <DesignerApiProvider api={api}>
          <MetadataProvider initial={options.snapshot ?? fake?.snapshot ?? { version: 7, bundle: bundle() }}>
            <DesignerBaseProvider base="/designer">
              <CurrentUserProvider userId={options.currentUserId}>
                <MemoryRouter initialEntries={[options.path ?? '/designer']}>
                  <ChangeReviewProvider>
                    <Routes>
                      <Route path="/designer/*" element={ui} />
                    </Routes>
                  </ChangeReviewProvider>
                </MemoryRouter>
              </CurrentUserProvider>
            </DesignerBaseProvider>
          </MetadataProvider>
        </DesignerApiProvider>
      </DesignerLocaleProvider>
    </App>,
  );
  return { ...result, api, changeMetadata: fake?.changeMetadata };
}

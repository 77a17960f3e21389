import { Grid, Layout, Skeleton } from 'antd';
import type { ReactNode } from 'react';

/** The frame's shape while the session and metadata load: same sider and header sizes as AppLayout. */
export function FrameSkeleton({ children }: { children?: ReactNode }) {
  const screens = Grid.useBreakpoint();
  const wide = screens.lg !== false;
  return (
    <Layout className="atrium-frame" aria-busy={children ? undefined : true}>
      {wide && (
        <Layout.Sider width={224} theme="light" className="atrium-sider">
          <div className="atrium-brand">
            <span className="atrium-brand-mark" aria-hidden="true">
              A
            </span>
            <span className="atrium-brand-name">Atrium</span>
          </div>
          <div style={{ padding: 16 }}>
            <Skeleton active title={false} paragraph={{ rows: 6 }} />
          </div>
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="atrium-header" />
        <Layout.Content className="atrium-content">{children ?? <Skeleton active paragraph={{ rows: 10 }} />}</Layout.Content>
      </Layout>
    </Layout>
  );
}

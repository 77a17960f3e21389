import { LogoutOutlined, MenuOutlined, SettingOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, type MenuProps, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { GlobalSearch } from '../../workspace/search/global-search.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { LocaleSwitch } from '../i18n/locale-switch.tsx';
import { useMetadataIndex } from '../metadata/metadata-context.tsx';
import { useAccess } from '../permissions/access-context.tsx';
import { useSession } from '../session/session-context.tsx';
import { ObjectIcon } from './object-icon.tsx';

const { Header, Sider, Content } = Layout;

function Brand() {
  return (
    <Link to="/app" className="atrium-brand" aria-label="Atrium">
      <span className="atrium-brand-mark" aria-hidden="true">
        A
      </span>
      <span className="atrium-brand-name">Atrium</span>
    </Link>
  );
}

/** Navigation generated from metadata: one entry per object the user may read, then the designer for admins. */
function Navigation({ onNavigate }: { onNavigate?: () => void }) {
  const index = useMetadataIndex();
  const access = useAccess();
  const { label, t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const items = useMemo<MenuProps['items']>(() => {
    const objects = index.objects.filter((o) => access.object(o).read);
    const entries: NonNullable<MenuProps['items']> = objects.map((o) => ({
      key: `/app/${o.apiName}`,
      icon: <ObjectIcon object={o} />,
      label: label(o.pluralLabel, o.pluralApiName),
    }));
    if (access.isAdmin) {
      entries.push({ type: 'divider' }, { key: '/designer', icon: <SettingOutlined aria-hidden="true" />, label: t('app.designer') });
    }
    return entries;
  }, [index, access, label, t]);
  const selected = location.pathname.startsWith('/designer') ? '/designer' : `/app/${location.pathname.split('/')[2] ?? ''}`;
  return (
    <nav aria-label={t('app.menu')}>
      <Menu
        mode="inline"
        selectedKeys={[selected]}
        items={items}
        onClick={({ key }) => {
          navigate(key);
          onNavigate?.();
        }}
      />
    </nav>
  );
}

function UserMenu() {
  const { me, signOut, switchTenant } = useSession();
  const { t } = useI18n();
  const navigate = useNavigate();
  if (!me) return null;
  const name = me.user?.displayName ?? me.user?.email ?? '';
  const others = me.memberships.filter((m) => m.tenant !== me.tenant.key);
  const items: MenuProps['items'] = [
    { key: 'who', label: <Typography.Text type="secondary">{t('app.signedInAs', { name: me.user?.email ?? name })}</Typography.Text>, disabled: true },
    { key: 'tenant', label: `${t('app.tenant')}: ${me.tenant.name}`, disabled: true },
    ...others.map((m) => ({ key: `tenant:${m.tenant}`, icon: <SwapOutlined />, label: t('app.switchTenant', { tenant: m.name }) })),
    { type: 'divider' as const },
    { key: 'sign-out', icon: <LogoutOutlined />, label: t('app.signOut') },
  ];
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items,
        onClick: ({ key }) => {
          if (key === 'sign-out') void signOut().then(() => navigate('/'));
          else if (key.startsWith('tenant:')) void switchTenant(key.slice(7)).then(() => navigate('/app'));
        },
      }}
    >
      <Button type="text" className="atrium-user-button" aria-label={name}>
        <Avatar size="small" icon={<UserOutlined />} />
        <span className="atrium-user-name">{name}</span>
      </Button>
    </Dropdown>
  );
}

/** The signed-in frame: navigation (a sider on wide screens, a drawer on phones), search, language, user. */
export function AppLayout({ children }: { children: ReactNode }) {
  const screens = Grid.useBreakpoint();
  const wide = screens.lg !== false;
  const [drawer, setDrawer] = useState(false);
  const { t } = useI18n();
  return (
    <Layout className="atrium-frame">
      {wide && (
        <Sider width={224} theme="light" className="atrium-sider">
          <Brand />
          <Navigation />
        </Sider>
      )}
      <Layout>
        <Header className="atrium-header">
          {!wide && (
            <>
              <Button type="text" icon={<MenuOutlined />} aria-label={t('app.menu')} onClick={() => setDrawer(true)} />
              <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={260} title={<Brand />} styles={{ body: { padding: 0 } }}>
                <Navigation onNavigate={() => setDrawer(false)} />
              </Drawer>
            </>
          )}
          <div className="atrium-header-search">
            <GlobalSearch />
          </div>
          <div className="atrium-header-tools">
            <LocaleSwitch compact={!wide} />
            <UserMenu />
          </div>
        </Header>
        <Content className="atrium-content">{children}</Content>
      </Layout>
    </Layout>
  );
}

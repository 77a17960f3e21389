import { AppstoreOutlined, BankOutlined, CalendarOutlined, ContactsOutlined, CustomerServiceOutlined, FundOutlined, UserAddOutlined } from '@ant-design/icons';
import type { ObjectDef } from '@atrium/metadata';

const ICONS: Record<string, typeof AppstoreOutlined> = {
  account: BankOutlined,
  contact: ContactsOutlined,
  lead: UserAddOutlined,
  opportunity: FundOutlined,
  activity: CalendarOutlined,
  case: CustomerServiceOutlined,
};

/** The icon of an object in navigation: the CRM's objects have their own, others a generic one. */
export function ObjectIcon({ object }: { object: ObjectDef }) {
  const Icon = ICONS[object.apiName] ?? AppstoreOutlined;
  return <Icon aria-hidden="true" />;
}

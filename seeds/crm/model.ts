/** The metadata model types used by the CRM bundle, and two small helpers for writing it. */
import type { Labels, PicklistOption } from '@atrium/metadata';

export type {
  FieldDef,
  JsonLogic,
  Labels,
  LayoutDef,
  MetadataBundle,
  ObjectDef,
  PicklistOption,
  PipelineDef,
  ValidationRuleDef,
} from '@atrium/metadata';

/** Labels in the two shipped locales. */
export function l(en: string, zhCN: string): Labels {
  return { en, 'zh-CN': zhCN };
}

/** A picklist option with a hand-written stable id. */
export function opt(id: string, value: string, en: string, zhCN: string, color?: string): PicklistOption {
  return color === undefined ? { id, value, label: l(en, zhCN) } : { id, value, label: l(en, zhCN), color };
}

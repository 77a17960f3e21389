/**
 * Option lists used by several objects (industry, lead source, rating). Each object gets its own
 * copy with its own option ids (`opt_<object>_<field>_<value>`, snake_case): ids are unique across a bundle,
 * and each object's list may change on its own later.
 */
import { opt, type PicklistOption } from './model.ts';

const INDUSTRIES: [value: string, en: string, zhCN: string, color: string][] = [
  ['technology', 'Technology', '科技', '#3b82f6'],
  ['finance', 'Financial services', '金融服务', '#0ea5e9'],
  ['healthcare', 'Healthcare', '医疗健康', '#10b981'],
  ['manufacturing', 'Manufacturing', '制造业', '#f59e0b'],
  ['retail', 'Retail', '零售', '#ec4899'],
  ['education', 'Education', '教育', '#8b5cf6'],
  ['energy', 'Energy', '能源', '#ef4444'],
  ['media', 'Media and entertainment', '传媒娱乐', '#f97316'],
  ['logistics', 'Logistics', '物流', '#14b8a6'],
  ['realEstate', 'Real estate', '房地产', '#a16207'],
  ['government', 'Government', '政府机构', '#64748b'],
  ['other', 'Other', '其他', '#9ca3af'],
];

const LEAD_SOURCES: [value: string, en: string, zhCN: string, color: string][] = [
  ['web', 'Website', '官网', '#3b82f6'],
  ['referral', 'Referral', '客户推荐', '#10b981'],
  ['event', 'Event', '展会活动', '#8b5cf6'],
  ['coldCall', 'Cold call', '电话开发', '#f59e0b'],
  ['advertisement', 'Advertisement', '广告', '#ec4899'],
  ['partner', 'Partner', '合作伙伴', '#14b8a6'],
  ['socialMedia', 'Social media', '社交媒体', '#0ea5e9'],
  ['other', 'Other', '其他', '#9ca3af'],
];

const RATINGS: [value: string, en: string, zhCN: string, color: string][] = [
  ['hot', 'Hot', '热', '#ef4444'],
  ['warm', 'Warm', '温', '#f59e0b'],
  ['cold', 'Cold', '冷', '#3b82f6'],
];

/** `coldCall` → `cold_call`: ids are snake_case. */
function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function build(list: [string, string, string, string][], prefix: string): PicklistOption[] {
  return list.map(([value, en, zhCN, color]) => opt(`${prefix}_${snake(value)}`, value, en, zhCN, color));
}

/** Industry options for `<object>.industry`. */
export function industryOptions(object: 'lead' | 'account'): PicklistOption[] {
  return build(INDUSTRIES, `opt_${object}_industry`);
}

/** Lead-source options for `<object>.<field>`. */
export function leadSourceOptions(object: 'lead' | 'contact' | 'opportunity', field: string): PicklistOption[] {
  return build(LEAD_SOURCES, `opt_${object}_${snake(field)}`);
}

/** Hot / warm / cold. */
export function ratingOptions(object: 'lead' | 'account'): PicklistOption[] {
  return build(RATINGS, `opt_${object}_rating`);
}

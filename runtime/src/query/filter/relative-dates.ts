import type { RelativeDateRange } from '@atrium/metadata';

/** A half-open range of calendar days `[from, to)`, as `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

/** Today's calendar date in a time zone. */
export function todayIn(now: Date, timeZone: string): { y: number; m: number; d: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

const iso = (date: Date): string => date.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * 86_400_000);

/**
 * The days a relative filter covers, in the tenant's time zone and week start
 * (1 = Monday … 7 = Sunday): `thisWeek`, `last30Days` (the 30 days up to and including today), ...
 */
export function relativeDateRange(range: RelativeDateRange | string, now: Date, timeZone: string, weekStart = 1): DayRange {
  const { y, m, d } = todayIn(now, timeZone);
  const today = utc(y, m, d);
  const span = (from: Date, to: Date): DayRange => ({ from: iso(from), to: iso(to) });
  const weekday = ((today.getUTCDay() + 6) % 7) + 1; // 1 = Monday
  const weekOffset = (weekday - weekStart + 7) % 7;
  const week = addDays(today, -weekOffset);
  const quarterMonth = Math.floor((m - 1) / 3) * 3 + 1;
  switch (range) {
    case 'today':
      return span(today, addDays(today, 1));
    case 'yesterday':
      return span(addDays(today, -1), today);
    case 'tomorrow':
      return span(addDays(today, 1), addDays(today, 2));
    case 'thisWeek':
      return span(week, addDays(week, 7));
    case 'lastWeek':
      return span(addDays(week, -7), week);
    case 'nextWeek':
      return span(addDays(week, 7), addDays(week, 14));
    case 'thisMonth':
      return span(utc(y, m, 1), utc(y, m + 1, 1));
    case 'lastMonth':
      return span(utc(y, m - 1, 1), utc(y, m, 1));
    case 'nextMonth':
      return span(utc(y, m + 1, 1), utc(y, m + 2, 1));
    case 'thisQuarter':
      return span(utc(y, quarterMonth, 1), utc(y, quarterMonth + 3, 1));
    case 'lastQuarter':
      return span(utc(y, quarterMonth - 3, 1), utc(y, quarterMonth, 1));
    case 'nextQuarter':
      return span(utc(y, quarterMonth + 3, 1), utc(y, quarterMonth + 6, 1));
    case 'thisYear':
      return span(utc(y, 1, 1), utc(y + 1, 1, 1));
    case 'lastYear':
      return span(utc(y - 1, 1, 1), utc(y, 1, 1));
    case 'nextYear':
      return span(utc(y + 1, 1, 1), utc(y + 2, 1, 1));
    case 'last7Days':
      return span(addDays(today, -6), addDays(today, 1));
    case 'last30Days':
      return span(addDays(today, -29), addDays(today, 1));
    case 'last90Days':
      return span(addDays(today, -89), addDays(today, 1));
    case 'next7Days':
      return span(today, addDays(today, 7));
    case 'next30Days':
      return span(today, addDays(today, 30));
    case 'next90Days':
      return span(today, addDays(today, 90));
    default:
      throw new Error(`unknown relative date range ${range}`);
  }
}

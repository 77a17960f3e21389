/**
 * Date operations Atrium adds to json-logic (none of them exists in the standard set, so the
 * shared JsonLogic suite is unaffected). Dates are `YYYY-MM-DD` strings, date-times RFC 3339
 * strings, as in records. Arithmetic on date-times is done in UTC.
 */

export const DATE_UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
export type DateUnit = (typeof DATE_UNITS)[number];

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UNIT_MS: Record<'week' | 'day' | 'hour' | 'minute' | 'second', number> = {
  week: 7 * 86_400_000,
  day: 86_400_000,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
};

interface ParsedDate {
  time: Date;
  dateOnly: boolean;
}

function parse(value: unknown): ParsedDate | null {
  if (typeof value !== 'string') return null;
  const dateOnly = DATE_ONLY.exec(value);
  const time = dateOnly ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(time.getTime())) return null;
  return { time, dateOnly: dateOnly !== null };
}

function isDateUnit(unit: unknown): unit is DateUnit {
  return typeof unit === 'string' && (DATE_UNITS as readonly string[]).includes(unit);
}

function formatDate(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** Adds months, keeping the day but clamping to the month's end (Jan 31 + 1 month = Feb 28/29), like PostgreSQL. */
function addMonths(time: Date, months: number): Date {
  const out = new Date(time.getTime());
  const day = out.getUTCDate();
  out.setUTCDate(1);
  out.setUTCMonth(out.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(day, lastDay));
  return out;
}

/** `{"date_add": [date, amount, unit]}`: a date stays a date for year/month/week/day. Null on bad input. */
export function dateAdd(value: unknown, amount: unknown, unit: unknown): string | null {
  const parsed = parse(value);
  const n = typeof amount === 'string' ? Number(amount) : amount;
  if (!parsed || typeof n !== 'number' || !Number.isInteger(n) || !isDateUnit(unit)) return null;
  let time: Date;
  if (unit === 'year') time = addMonths(parsed.time, 12 * n);
  else if (unit === 'month') time = addMonths(parsed.time, n);
  else time = new Date(parsed.time.getTime() + n * UNIT_MS[unit]);
  const staysDate = parsed.dateOnly && unit !== 'hour' && unit !== 'minute' && unit !== 'second';
  return staysDate ? formatDate(time) : time.toISOString();
}

/**
 * `{"date_diff": [from, to, unit]}`: whole units from `from` to `to` (negative when `to` is
 * earlier). Months and years agree with `date_add`: `date_diff(a, date_add(a, n, u), u) = n`
 * (Jan 31 → Feb 29 is one month, as Jan 31 + 1 month is Feb 29).
 */
export function dateDiff(from: unknown, to: unknown, unit: unknown): number | null {
  const a = parse(from);
  const b = parse(to);
  if (!a || !b || !isDateUnit(unit)) return null;
  if (unit === 'year' || unit === 'month') {
    const [early, late, sign] = a.time <= b.time ? [a.time, b.time, 1] : [b.time, a.time, -1];
    let months = (late.getUTCFullYear() - early.getUTCFullYear()) * 12 + late.getUTCMonth() - early.getUTCMonth();
    if (addMonths(early, months) > late) months -= 1;
    const whole = unit === 'year' ? Math.trunc(months / 12) : months;
    return whole === 0 ? 0 : sign * whole;
  }
  const diff = Math.trunc((b.time.getTime() - a.time.getTime()) / UNIT_MS[unit]);
  return diff === 0 ? 0 : diff;
}

/** Today's date (`YYYY-MM-DD`) in a time zone (IANA name), via Intl (browsers and Node). */
export function todayIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, part) => {
      acc[part.type] = part.value;
      return acc;
    }, {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

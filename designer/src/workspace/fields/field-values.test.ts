import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate, formatDateTime } from './field-values.ts';

afterEach(() => vi.restoreAllMocks());

describe('date formatting in lists', () => {
  it('formats dates in the locale without moving them across time zones', () => {
    expect(formatDate('2025-03-14', 'en-US')).toBe('Mar 14, 2025');
    expect(formatDate('2025-03-14', 'zh-CN')).toBe('2025年3月14日');
    expect(formatDate('not a date', 'en-US')).toBe('not a date');
    expect(formatDateTime('nope', 'en-US')).toBe('nope');
  });

  it('builds one formatter per locale and kind, not one per value (a list formats hundreds)', () => {
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    for (let day = 1; day <= 28; day++) {
      formatDate(`2024-02-${String(day).padStart(2, '0')}`, 'en-GB');
      formatDateTime(`2024-02-${String(day).padStart(2, '0')}T10:00:00Z`, 'en-GB');
    }
    expect(built.mock.calls.length).toBeLessThanOrEqual(2);
  });
});

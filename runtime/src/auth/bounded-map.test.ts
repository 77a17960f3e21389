import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.ts';

describe('BoundedMap', () => {
  it('expires entries after their time to live', () => {
    const map = new BoundedMap<number>(10);
    map.set('a', 1, 100, 1000);
    expect(map.get('a', 1099)).toEqual(expect.objectContaining({ value: 1 }));
    expect(map.get('a', 1100)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('evicts the least recently read entry when full', () => {
    const map = new BoundedMap<string>(2);
    map.set('a', 'A', 1000);
    map.set('b', 'B', 1000);
    map.get('a');
    map.set('c', 'C', 1000);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')?.value).toBe('A');
    expect(map.get('c')?.value).toBe('C');
    expect(map.size).toBe(2);
  });
});

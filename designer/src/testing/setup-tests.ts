import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom lacks what antd's responsive components measure with: a 1280-pixel-wide screen.
const WIDTH = 1280;
function mediaMatches(query: string): boolean {
  const min = /min-width:\s*(\d+)px/.exec(query);
  const max = /max-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
  return (!min || WIDTH >= Number(min[1])) && (!max || WIDTH <= Number(max[1]));
}
window.matchMedia = (query: string) =>
  ({
    matches: mediaMatches(query),
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }) as MediaQueryList;
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
// antd reads computed styles of pseudo-elements (scrollbar sizes), which jsdom does not implement.
const computed = window.getComputedStyle.bind(window);
window.getComputedStyle = ((element: Element) => computed(element)) as typeof window.getComputedStyle;
if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => {};

afterEach(() => cleanup());

/**
 * jsdom lacks a few browser APIs Ant Design and @dnd-kit use; the designer's component tests
 * import this first.
 */
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  try {
    globalThis.localStorage?.clear();
  } catch {
    // no storage
  }
});

if (typeof window !== 'undefined') {
  if (!window.matchMedia) {
    Object.defineProperty(window, 'matchMedia', {
      writable: true,
      value: (query: string) => ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }),
    });
  }
  if (!('ResizeObserver' in window)) {
    class ResizeObserverStub {
      observe() {}
      unobserve() {}
      disconnect() {}
    }
    Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
    Object.defineProperty(globalThis, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
  }
  // antd measures scrollbars with getComputedStyle on pseudo elements, which jsdom does not implement.
  const original = window.getComputedStyle.bind(window);
  window.getComputedStyle = ((element: Element, pseudo?: string | null) => original(element, pseudo ? undefined : pseudo)) as typeof window.getComputedStyle;
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => {};
}

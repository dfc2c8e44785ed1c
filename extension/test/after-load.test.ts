/**
 * When the content script starts its work (src/content/after-load.ts): only after the
 * browser's own load event and an idle moment, never on an event page script fires, and,
 * injected at document_start, with its fallback for a load that never comes counted from the
 * end of parsing. The browser's objects are stood in for by listeners called by hand: Node
 * cannot make a trusted event.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterLoadAndIdle } from '../src/content/after-load.js';

type Listener = (event: { isTrusted: boolean }) => void;

function fakeTarget() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    listeners,
    addEventListener: (type: string, fn: Listener) => {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)?.add(fn);
    },
    removeEventListener: (type: string, fn: Listener) => listeners.get(type)?.delete(fn),
    fire: (type: string, isTrusted: boolean) => {
      for (const fn of [...(listeners.get(type) ?? [])]) fn({ isTrusted });
    },
  };
}

let win: ReturnType<typeof fakeTarget> & { requestIdleCallback: (cb: () => void) => void };
let doc: ReturnType<typeof fakeTarget> & { readyState: string };

beforeEach(() => {
  vi.useFakeTimers();
  win = Object.assign(fakeTarget(), { requestIdleCallback: (cb: () => void) => setTimeout(cb, 5) });
  doc = Object.assign(fakeTarget(), { readyState: 'loading' });
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', doc);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Whether the promise has settled after the timers have run `ms`. */
async function settledAfter(promise: Promise<void>, ms: number): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await vi.advanceTimersByTimeAsync(ms);
  return done;
}

describe('the content script waits for the page', () => {
  it('injected at document_start: nothing before the trusted load event, then an idle moment', async () => {
    const waiting = afterLoadAndIdle();
    expect(await settledAfter(waiting, 5_000)).toBe(false); // still parsing: no fallback yet
    win.fire('load', false); // page script's own load event
    doc.fire('DOMContentLoaded', false);
    expect(await settledAfter(waiting, 5_000)).toBe(false);
    win.fire('load', true);
    expect(await settledAfter(waiting, 10)).toBe(true);
  });

  it('a load that never comes: the toolbar still comes 1 s after the trusted DOMContentLoaded', async () => {
    const waiting = afterLoadAndIdle();
    doc.fire('DOMContentLoaded', true);
    expect(await settledAfter(waiting, 900)).toBe(false);
    expect(await settledAfter(waiting, 200)).toBe(true);
    // Listeners are gone once done.
    expect(win.listeners.get('load')?.size ?? 0).toBe(0);
    expect(doc.listeners.get('DOMContentLoaded')?.size ?? 0).toBe(0);
  });

  it('injected later (document_idle, the toolbar icon): the fallback counts from now', async () => {
    doc.readyState = 'interactive';
    const waiting = afterLoadAndIdle();
    expect(await settledAfter(waiting, 900)).toBe(false);
    expect(await settledAfter(waiting, 200)).toBe(true);
  });

  it('a page already loaded: only the idle moment', async () => {
    doc.readyState = 'complete';
    expect(await settledAfter(afterLoadAndIdle(), 10)).toBe(true);
  });
});

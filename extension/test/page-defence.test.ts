/**
 * The page defence is injected on demand (content/page-defence.ts, background/page-defence.ts):
 * the content script asks the worker once, takes the defence only when it has announced itself
 * in its world, and otherwise refuses with a typed error: no check result without it, and a
 * row it flags is an error whatever the rules said. The browser's `chrome` API is a stand-in
 * here (the stories run the real one: test/e2e/hostile-table.e2e.test.ts, Firefox too).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '@hocba/shared/rules';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFENCE_KEY, DEFENCE_VERSION, type PageDefence } from '../src/content/defence-contract.js';
import type { StudentRow } from '../src/content/read-table.js';

const words = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'public', '_locales', 'vi', 'messages.json'), 'utf8'),
) as Record<string, { message: string }>;

const slot = globalThis as { [DEFENCE_KEY]?: PageDefence; hocbaPageDefence?: unknown; chrome?: unknown };

/** What the worker does when asked for the defence, and how the rules answer a table check. */
let onDefenceLoad: () => Promise<unknown>;
let asked: string[];

function fakeChrome() {
  slot.chrome = {
    runtime: {
      sendMessage: async (message: { type: string; rows?: string }) => {
        asked.push(message.type);
        if (message.type === 'defence.load') return onDefenceLoad();
        if (message.type === 'check.table') {
          const rows = JSON.parse(message.rows ?? '[]') as unknown[];
          return { ok: true, rows: rows.map(() => ({ findings: [], status: 'complete' })) };
        }
        return undefined;
      },
      onMessage: { addListener: () => undefined },
    },
    i18n: {
      getMessage: (key: string) => words[key]?.message ?? '',
      getUILanguage: () => 'vi',
    },
    storage: { managed: { get: async () => ({}) } },
  };
}

const flagged: Finding = {
  rule: 'PAGE-SHOWS-OTHER',
  severity: 'error',
  path: '',
  where: { vi: 'Họ và tên', en: 'Full name' },
  message: { vi: 'khác', en: 'other' },
  target: { kind: 'identity', field: 'name' },
};

/** The injected script's effect: the defence announces itself on the world's global. */
const inject =
  (defence: Partial<PageDefence> = {}) =>
  async () => {
    slot[DEFENCE_KEY] = { version: DEFENCE_VERSION, findings: () => [flagged], ...defence };
    return { ok: true };
  };

async function loadModules() {
  vi.resetModules();
  const defence = await import('../src/content/page-defence.js');
  const check = await import('../src/content/check-table.js');
  return { ...defence, ...check };
}

const row = {
  studentId: 'HS1',
  name: 'An',
  element: {} as HTMLElement,
  year: { schoolYear: '2025-2026', grade: 4 },
  cells: new Map(),
  recordUrl: null,
} as unknown as StudentRow;

describe('the page defence, loaded on demand', () => {
  beforeEach(() => {
    asked = [];
    delete slot[DEFENCE_KEY];
    delete slot.hocbaPageDefence;
    fakeChrome();
  });
  afterEach(() => {
    vi.useRealTimers();
    delete slot[DEFENCE_KEY];
    delete slot.hocbaPageDefence;
    delete slot.chrome;
  });

  it('asks the worker once, then takes the defence the injected script announced', async () => {
    onDefenceLoad = inject();
    const { pageDefence } = await loadModules();
    const first = await pageDefence();
    const again = await pageDefence();
    expect(again).toBe(first);
    expect(asked).toEqual(['defence.load']);
  });

  it.each([
    ['the worker could not inject it', async () => ({ ok: false })],
    ['the worker is gone', async () => Promise.reject(new Error('Extension context invalidated.'))],
    ['a defence of another build answered', inject({ version: DEFENCE_VERSION + 1 })],
    ['the worker says ok but nothing announced itself', async () => ({ ok: true })],
  ])('refuses, typed and worded, when %s; asks again next time', async (_why, load) => {
    onDefenceLoad = load;
    const { pageDefence } = await loadModules();
    const refused = await pageDefence().catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'HocbaError', code: 'DEFENCE_UNAVAILABLE' });
    expect((refused as { vi: string }).vi).toBe(words.tables_defence_unavailable?.message);
    expect((refused as { vi: string }).vi).toMatch(/^Không nạp được/);
    onDefenceLoad = inject();
    await expect(pageDefence()).resolves.toBeDefined();
    expect(asked).toEqual(['defence.load', 'defence.load']);
  });

  it('a slot that throws on a look (a cross-origin window) is refused typed, never thrown through', async () => {
    onDefenceLoad = async () => {
      Object.defineProperty(slot, DEFENCE_KEY, {
        configurable: true,
        get() {
          throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
        },
      });
      return { ok: true };
    };
    const { pageDefence } = await loadModules();
    await expect(pageDefence()).rejects.toMatchObject({ code: 'DEFENCE_UNAVAILABLE' });
    await expect(pageDefence()).rejects.toMatchObject({ code: 'DEFENCE_UNAVAILABLE' });
  });

  it('a string-named global (an element named hocbaPageDefence) is not taken for it', async () => {
    slot.hocbaPageDefence = { version: DEFENCE_VERSION, findings: () => [] };
    onDefenceLoad = inject();
    const { pageDefence } = await loadModules();
    expect((await pageDefence()).findings(row)).toEqual([flagged]);
  });

  it('refuses after a bounded wait when the worker never answers', async () => {
    vi.useFakeTimers();
    onDefenceLoad = () => new Promise(() => undefined);
    const { pageDefence } = await loadModules();
    const refused = pageDefence().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await refused).toMatchObject({ code: 'DEFENCE_UNAVAILABLE' });
  });

  it('a check result never ignores it: a flagged row is an error even when the rules pass it', async () => {
    onDefenceLoad = inject();
    const { checkTable, pageDefence } = await loadModules();
    const result = await checkTable([row], await pageDefence());
    expect(result.rows[0]?.status).toBe('errors');
    expect(result.rows[0]?.findings).toEqual([flagged]);
    expect(result.summary).toMatchObject({ total: 1, withErrors: 1, complete: 0 });
  });

  it('a row it does not flag keeps the rules’ answer', async () => {
    onDefenceLoad = inject({ findings: () => [] });
    const { checkTable, pageDefence } = await loadModules();
    expect((await checkTable([row], await pageDefence())).rows[0]?.status).toBe('complete');
  });

  it('judges each row before the first await (the same step as the read), not when the worker answers', async () => {
    let askedWhenJudged: string[] | null = null;
    onDefenceLoad = inject({
      findings: () => {
        askedWhenJudged = [...asked];
        return [];
      },
    });
    const { checkTable, pageDefence } = await loadModules();
    const defence = await pageDefence();
    const checking = checkTable([row], defence);
    // Judged synchronously, as checkTable was called: the worker not yet asked.
    expect(askedWhenJudged).toEqual(['defence.load']);
    await checking;
  });

  it('no check result without it: the check rejects with the typed refusal', async () => {
    onDefenceLoad = async () => ({ ok: false });
    const { pageDefence } = await loadModules();
    await expect(pageDefence()).rejects.toMatchObject({ code: 'DEFENCE_UNAVAILABLE' });
  });

  it('a defence that throws on a strange page refuses the check (DEFENCE_FAILED), never passes the row', async () => {
    onDefenceLoad = inject({
      findings: () => {
        throw new TypeError('getComputedStyle on a detached node');
      },
    });
    const { checkTable, pageDefence } = await loadModules();
    const defence = await pageDefence();
    const refused = await (async () => checkTable([row], defence))().catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'DEFENCE_FAILED' });
    expect((refused as { vi: string }).vi).toBe(words.tables_defence_failed?.message);
  });
});

describe('the worker injects it into the asking frame only', () => {
  const executeScript = vi.fn(async () => [{ result: undefined }]);
  vi.doMock('webextension-polyfill', () => ({ default: { scripting: { executeScript } } }));

  beforeEach(() => executeScript.mockClear());

  it('into the sender’s tab and frame, the one file', async () => {
    const { injectPageDefence, DEFENCE_FILE } = await import('../src/background/page-defence.js');
    const answer = await injectPageDefence({ tab: { id: 7 } as never, frameId: 3 });
    expect(answer).toEqual({ ok: true });
    expect(executeScript).toHaveBeenCalledWith({
      target: { tabId: 7, frameIds: [3] },
      files: [DEFENCE_FILE],
    });
    expect(DEFENCE_FILE).toBe('content-defence.js');
  });

  it('into the sender’s very document when the browser names it (Chromium’s documentId)', async () => {
    const { injectPageDefence, DEFENCE_FILE } = await import('../src/background/page-defence.js');
    const sender = { tab: { id: 7 } as never, frameId: 3, documentId: 'D0C' };
    expect(await injectPageDefence(sender)).toEqual({ ok: true });
    expect(executeScript).toHaveBeenCalledWith({
      target: { tabId: 7, documentIds: ['D0C'] },
      files: [DEFENCE_FILE],
    });
  });

  it('not for a sender without a tab or frame (an extension page), and says so when it fails', async () => {
    const { injectPageDefence } = await import('../src/background/page-defence.js');
    expect(await injectPageDefence({ url: 'chrome-extension://x/page.html' })).toEqual({ ok: false });
    expect(executeScript).not.toHaveBeenCalled();
    executeScript.mockRejectedValueOnce(new Error('Cannot access contents of the page'));
    expect(await injectPageDefence({ tab: { id: 7 } as never, frameId: 0 })).toEqual({ ok: false });
  });
});

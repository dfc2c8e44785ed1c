/**
 * What the content script and the page defence (shown-cells.ts, text-tricks.ts) share. The
 * defence is its own classic script (vite.config.ts: content-defence.js), injected by the
 * service worker into the same isolated world when a check first needs it
 * (background/page-defence.ts), so that the script every portal page loads stays small
 * (issue 19). It announces itself on that world's globalThis, which page script cannot reach.
 * Types and constants only: importing this adds a few bytes to either script.
 */
import type { Finding } from '@hocba/shared/rules';
import type { StudentRow } from './read-table.js';

/** The rule code of the finding a cell the page shows otherwise than we read gives. */
export const MISREAD_RULE = 'PAGE-SHOWS-OTHER';

/**
 * Bumped when `PageDefence` or what the scripts share changes: a script of another build is
 * not taken. 2: the content script names its own elements (`ownElements`).
 */
export const DEFENCE_VERSION = 2;

/** The content script's message asking the service worker to inject the defence into its frame. */
export const DEFENCE_LOAD_MESSAGE = 'defence.load';

export interface PageDefence {
  version: number;
  /** One error finding per cell of `row` that may show a person something other than what was read. */
  findings(row: StudentRow): Finding[];
}

/**
 * Where the injected script puts itself: the isolated world's global, never the page's, under
 * a symbol: an element's id or name makes a same-named string property on the global even in
 * content-script worlds (`<img name="hocbaPageDefence">`), never a symbol one.
 */
export const DEFENCE_KEY: unique symbol = Symbol.for('hocba.pageDefence');
export const defenceSlot = globalThis as { [DEFENCE_KEY]?: PageDefence };

/** Where the content script names its own elements (same world, same reasons as above). */
const OWN_KEY: unique symbol = Symbol.for('hocba.ownElements');
const ownSlot = globalThis as { [OWN_KEY]?: WeakSet<Element> };

/**
 * Our own elements on the page (the toolbar's host, the marks' layer over the cells): the
 * defence never counts them as the page's (a mark is laid over the very cell it judges). Kept
 * by identity in this world, not by an attribute a page could copy onto its own cover.
 */
export function ownElements(): WeakSet<Element> {
  ownSlot[OWN_KEY] ??= new WeakSet();
  return ownSlot[OWN_KEY];
}

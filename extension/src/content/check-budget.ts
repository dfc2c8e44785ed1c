/**
 * One check's bound and its memory (page defence): a check judges all its rows in one
 * synchronous step (check-table.ts), so the next microtask ends it. What the step charged
 * and what it learnt of the page (layers laid over cells: covered-cells.ts) go with it.
 */

/** Bounds a whole check: the nodes of all its rows' cells (a class of 50 rows is some 10,000) and the page's layers. */
export const MAX_CHECK_NODES = 50_000;
let spent = 0;
let endQueued = false;
const atEnd: (() => void)[] = [];

function queueEnd(): void {
  if (endQueued) return;
  endQueued = true;
  queueMicrotask(() => {
    spent = 0;
    endQueued = false;
    for (const forget of atEnd.splice(0)) forget();
  });
}

/** Charges `nodes` to the check under way; false once the check is past its bound. */
export function spendOnCheck(nodes: number): boolean {
  queueEnd();
  spent += nodes;
  return spent <= MAX_CHECK_NODES;
}

/** Runs `forget` when the check under way ends (what it learnt of the page is not kept for the next one). */
export function whenCheckEnds(forget: () => void): void {
  queueEnd();
  atEnd.push(forget);
}

/** A memory of page facts (an element's opacity over its ancestors...) for the check under way only. */
export function perCheck<T>(): () => Map<Element, T> {
  let memo: Map<Element, T> | null = null;
  return () => {
    if (!memo) {
      memo = new Map();
      whenCheckEnds(() => {
        memo = null;
      });
    }
    return memo;
  };
}

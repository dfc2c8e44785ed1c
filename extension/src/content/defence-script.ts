/**
 * Entry of content-defence.js (vite.config.ts): the page defence as one classic script,
 * injected on demand into the content script's isolated world (background/page-defence.ts)
 * and announcing itself there (defence-contract.ts). It brings its own copy of the UI text
 * source (i18n.ts): the findings are worded in the browser's language, as the toolbar is.
 */
import './i18n.js';
import { DEFENCE_KEY, DEFENCE_VERSION, defenceSlot } from './defence-contract.js';
import { changedCells, misreadCells, misreadFindings } from './shown-cells.js';

// Injected again (a second check after a failed answer, a frame re-asking): the first stays.
defenceSlot[DEFENCE_KEY] ??= {
  version: DEFENCE_VERSION,
  findings: (row) => misreadFindings(row, [...changedCells(row), ...misreadCells(row)]),
};

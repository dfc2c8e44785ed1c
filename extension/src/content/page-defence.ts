/**
 * The content script's side of the page defence: asks the service worker to inject it into
 * this frame the first time a check needs it (never on a plain page view), and waits for it
 * to announce itself (defence-contract.ts). A check that cannot have it refuses with a typed
 * error: no check result is shown and nothing is signed without it.
 */
import type { Finding } from '@hocba/shared/rules';
import {
  DEFENCE_KEY,
  DEFENCE_LOAD_MESSAGE,
  DEFENCE_VERSION,
  defenceSlot,
  type PageDefence,
} from './defence-contract.js';
import { extensionApi } from './extension-api.js';
import { refusal } from './i18n.js';
import type { StudentRow } from './read-table.js';

/** Its refusals (their words: `_locales`). */
export const defenceUnavailable = () => refusal('DEFENCE_UNAVAILABLE', 'tables_defence_unavailable');
const defenceFailed = () => refusal('DEFENCE_FAILED', 'tables_defence_failed');

/** The service worker injects a file of a few KB: far less than this even on a loaded machine. */
const LOAD_TIMEOUT_MS = 15_000;

const loaded = (): PageDefence | null => {
  try {
    const defence = defenceSlot[DEFENCE_KEY];
    return defence?.version === DEFENCE_VERSION && typeof defence.findings === 'function' ? defence : null;
  } catch {
    // Whatever sits there throws on a look (a cross-origin window's properties): not ours.
    return null;
  }
};

let loading: Promise<PageDefence> | null = null;

/** The page defence, injected once per frame; rejects with DEFENCE_UNAVAILABLE (and tries again next time). */
export function pageDefence(): Promise<PageDefence> {
  const have = loaded();
  if (have) return Promise.resolve(have);
  loading ??= new Promise<PageDefence>((resolve, reject) => {
    const fail = () => reject(defenceUnavailable());
    const timer = setTimeout(fail, LOAD_TIMEOUT_MS);
    // The worker answers once executeScript has run the file: the defence is there or never will be.
    extensionApi.runtime
      .sendMessage({ type: DEFENCE_LOAD_MESSAGE })
      .catch(() => null)
      .then(() => {
        clearTimeout(timer);
        const defence = loaded();
        if (defence) resolve(defence);
        else fail();
      });
  }).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** The defence's findings for `row`; a defence that throws on a strange page refuses (typed), never passes the row. */
export function shownOtherFindings(defence: PageDefence, row: StudentRow): Finding[] {
  try {
    return defence.findings(row);
  } catch {
    throw defenceFailed();
  }
}

/**
 * The service worker: opens the extension's own pages (verify, sign, options), brokers sign
 * sessions between a portal tab and the sign page, probes the companion, and keeps the
 * managed portals' content scripts registered. It holds no PIN and no secret beyond what
 * storage already has.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { probeCompanion } from './companion-status.js';
import { syncPortalScripts } from './portal-scripts.js';
import { runOnTab } from './run-on-tab.js';
import { handleRuntimeMessage } from './runtime-messages.js';

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  handleRuntimeMessage(message, sender),
);

// The toolbar button: on a web page, read it once (activeTab); elsewhere, the verify page.
browser.action.onClicked.addListener((tab) => {
  void runOnTab(tab);
});

// Re-check the companion when IT or the user changes where it is or how we are paired;
// re-register the portals' content scripts when IT changes the portals.
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && ('companionPort' in changes || 'pairing' in changes)) void probeCompanion();
  if (area === 'managed' && 'portals' in changes) void syncPortalScripts();
});
browser.permissions.onAdded.addListener(() => void syncPortalScripts());
browser.permissions.onRemoved.addListener(() => void syncPortalScripts());
void probeCompanion();
void syncPortalScripts();

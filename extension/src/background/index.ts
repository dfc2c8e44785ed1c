/**
 * The service worker: opens the extension's own pages (verify, sign, options), brokers sign
 * sessions between a portal tab and the sign page, and probes the companion. It holds no
 * PIN and no secret beyond what storage already has.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { probeCompanion } from './companion-status.js';
import { handleRuntimeMessage } from './runtime-messages.js';

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  handleRuntimeMessage(message, sender),
);

// The toolbar button opens the verify page: what a receiving school needs first.
browser.action.onClicked.addListener(() => {
  void browser.tabs.create({ url: browser.runtime.getURL('src/pages/verify/index.html') });
});

// Re-check the companion when IT or the user changes where it is or how we are paired.
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && ('companionPort' in changes || 'pairing' in changes)) void probeCompanion();
});
void probeCompanion();

import browser from 'webextension-polyfill';
import { CompanionConnection } from './companion-connection.js';

const connection = new CompanionConnection(navigator.userAgent.includes('Firefox') ? 'firefox' : 'chromium');
void connection.start();

// The toolbar button opens the verify page: what a receiving school needs first.
browser.action.onClicked.addListener(() => {
  void browser.tabs.create({ url: browser.runtime.getURL('src/pages/verify/index.html') });
});

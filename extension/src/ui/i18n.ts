/**
 * The extension's UI text: the browser's own `_locales` lookup. Importing this module
 * installs it as the message source (every extension page and the content script import
 * it), so the API below is the one in `ui/messages.ts`.
 */
import browser from 'webextension-polyfill';
import { type Language, setMessageSource } from './messages.js';

setMessageSource({
  language(): Language {
    return browser.i18n.getUILanguage().toLowerCase().startsWith('en') ? 'en' : 'vi';
  },
  message: (key, substitutions) => browser.i18n.getMessage(key, substitutions),
});

export { formatDateTime, formatTimestamp, type Language, pick, t, tn, uiLanguage } from './messages.js';

/**
 * UI text in the content script: the browser's `_locales` lookup, as `ui/i18n.ts` installs it
 * for the extension's pages, through the content script's own small API (extension-api.ts).
 */
import { type Language, setMessageSource } from '../ui/messages.js';
import { extensionApi } from './extension-api.js';

setMessageSource({
  language(): Language {
    return extensionApi.i18n.getUILanguage().toLowerCase().startsWith('en') ? 'en' : 'vi';
  },
  message: (key, substitutions) => extensionApi.i18n.getMessage(key, substitutions),
});

export { pick, t, tn } from '../ui/messages.js';

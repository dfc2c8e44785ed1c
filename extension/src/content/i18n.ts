/**
 * UI text in the content script: the browser's `_locales` lookup, as `ui/i18n.ts` installs it
 * for the extension's pages, through the content script's own small API (extension-api.ts).
 */
import { HocbaError } from '@hocba/shared/errors';
import { type Language, setMessageSource, t } from '../ui/messages.js';
import { extensionApi } from './extension-api.js';

setMessageSource({
  language(): Language {
    return extensionApi.i18n.getUILanguage().toLowerCase().startsWith('en') ? 'en' : 'vi';
  },
  message: (key, substitutions) => extensionApi.i18n.getMessage(key, substitutions),
});

export { pick, t, tn } from '../ui/messages.js';

/**
 * A typed refusal worded from `_locales` in the browser's language (both slots: the toolbar
 * shows one), so its words weigh nothing in the script every portal page loads.
 */
export function refusal(code: string, key: string, substitutions?: string[], cause?: unknown): HocbaError {
  const text = t(key, substitutions);
  return new HocbaError(code, { vi: text, en: text }, undefined, { cause });
}

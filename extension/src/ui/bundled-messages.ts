/**
 * UI text for pages that run outside the extension (the standalone verify file): the
 * `_locales` JSON is read at build time and carried inside the page. The caller names the
 * language: the verify pages start in Vietnamese and switch to English only when asked.
 */
import en from '../../public/_locales/en/messages.json';
import vi from '../../public/_locales/vi/messages.json';
import type { Language, MessageSource } from './messages.js';

type Catalog = Record<string, { message: string }>;

const CATALOGS: Record<Language, Catalog> = { vi, en };

/** Fills `$1`…`$9` as `browser.i18n.getMessage` does; `$$` is a literal dollar sign. */
export function fillSubstitutions(message: string, substitutions?: string | string[]): string {
  const values =
    substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return message.replace(/\$(\$|[1-9])/g, (_, which: string) =>
    which === '$' ? '$' : (values[Number(which) - 1] ?? ''),
  );
}

export function bundledMessages(navigatorLanguage: string): MessageSource {
  const language: Language = navigatorLanguage.toLowerCase().startsWith('en') ? 'en' : 'vi';
  const catalog = CATALOGS[language];
  return {
    language: () => language,
    message: (key, substitutions) => {
      const entry = catalog[key];
      return entry ? fillSubstitutions(entry.message, substitutions) : '';
    },
  };
}

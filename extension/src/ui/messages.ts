/**
 * UI text, whatever the page runs in. Words live in `_locales` (vi default, en); where they
 * come from at run time is the page's platform: the extension asks the browser
 * (`ui/i18n.ts`), the standalone verify file carries them (`ui/bundled-messages.ts`). Each
 * page installs its source once, before rendering; the components here know neither.
 * Sentences produced by shared code (rule findings, verification reports, companion errors)
 * are bilingual values; `pick` chooses the one matching the UI language.
 */
import type { Bilingual } from '@hocba/shared/errors';

export type Language = 'vi' | 'en';

export interface MessageSource {
  language(): Language;
  /** The `_locales` message for `key` with `$1`… filled in, or '' when there is none. */
  message(key: string, substitutions?: string | string[]): string;
}

let source: MessageSource | undefined;

export function setMessageSource(next: MessageSource): void {
  source = next;
}

/** Vietnamese unless the platform says the reader's language is English. */
export function uiLanguage(): Language {
  return source?.language() ?? 'vi';
}

/** A message from `_locales`; a missing key (or no source installed) shows itself, so a test or a look catches it. */
export function t(key: string, substitutions?: string | string[]): string {
  return source?.message(key, substitutions) || `[${key}]`;
}

/**
 * A message with a count in it: `<key>_one` when the count is 1 and the language has that
 * form (English: "1 file", not "1 files"), else `<key>`. Vietnamese has no plural forms and
 * no `_one` keys, so it always reads `<key>`. `count` is the number the message's noun follows.
 */
export function tn(key: string, count: number, substitutions?: string | string[]): string {
  return (count === 1 && source?.message(`${key}_one`, substitutions)) || t(key, substitutions);
}

export function pick(text: Bilingual): string {
  return uiLanguage() === 'en' ? text.en : text.vi;
}

/** Dates as a Vietnamese reader expects: 22/11/2026 14:05 (local time). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(uiLanguage() === 'en' ? 'en-GB' : 'vi-VN', {
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(date);
}

/** A moment on a printed report: full year and seconds, 01:45:12 30/11/2026 (local time). */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(uiLanguage() === 'en' ? 'en-GB' : 'vi-VN', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);
}

/**
 * The one time format of the verify report: Vietnam time, dd/mm/yyyy HH:mm, whatever the
 * computer's zone and language (a record is read the same in every school).
 */
export function formatVietnamTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

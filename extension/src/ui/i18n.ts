/**
 * UI text comes from `_locales` (vi default, en). Sentences produced by shared code (rule
 * findings, verification reports, companion errors) are bilingual values; `pick` chooses
 * the one matching the browser's UI language, Vietnamese unless the browser is English.
 */
import type { Bilingual } from '@hocba/shared/errors';
import browser from 'webextension-polyfill';

export type Language = 'vi' | 'en';

export function uiLanguage(): Language {
  const lang = browser.i18n.getUILanguage().toLowerCase();
  return lang.startsWith('en') ? 'en' : 'vi';
}

/** A message from `_locales`; a missing key shows itself, so a test or a look catches it. */
export function t(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || `[${key}]`;
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

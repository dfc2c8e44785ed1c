/** The command the options page tells the technician to run, per platform. */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { fillSubstitutions } from '../src/ui/bundled-messages.js';

// webextension-polyfill throws outside an extension: stubbed, with the platform a test sets.
vi.mock('webextension-polyfill', () => ({
  default: { runtime: { getPlatformInfo: async () => ({ os: platform }) } },
}));
let platform = 'linux';
const { hocbaCommandFor, hocbaCommandHere } = await import('../src/companion/hocba-command.js');
const { CompanionClient } = await import('../src/companion/client.js');
const { companionError } = await import('../src/companion/errors.js');

const catalog = (lang: 'vi' | 'en') =>
  JSON.parse(
    readFileSync(new URL(`../public/_locales/${lang}/messages.json`, import.meta.url), 'utf8'),
  ) as Record<string, { message: string }>;

describe('the hocba command the options page names', () => {
  it('is hocba.cmd on Windows, hocba elsewhere and when the browser does not say', () => {
    expect(hocbaCommandFor('win')).toBe('hocba.cmd');
    for (const os of ['linux', 'mac', 'cros', 'openbsd', 'android', undefined])
      expect(hocbaCommandFor(os)).toBe('hocba');
  });

  it('comes from browser.runtime.getPlatformInfo()', async () => {
    platform = 'win';
    expect(await hocbaCommandHere()).toEqual({ command: 'hocba.cmd', windows: true });
    platform = 'linux';
    expect(await hocbaCommandHere()).toEqual({ command: 'hocba', windows: false });
  });

  it.each(['vi', 'en'] as const)(
    'the %s texts carry the command as a placeholder, never a fixed "hocba"',
    (lang) => {
      const messages = catalog(lang);
      for (const key of [
        'options_pairing_howto',
        'options_audit_heads_lead',
        'walk_options_not_paired_here',
        'walk_sign_result_where',
      ]) {
        const text = messages[key]?.message ?? '';
        expect(text, key).not.toMatch(/\bhocba (pair|audit|doctor)/);
      }
      expect(fillSubstitutions(messages.options_pairing_howto!.message, 'hocba.cmd')).toContain(
        '"hocba.cmd pair"',
      );
      expect(fillSubstitutions(messages.options_audit_heads_lead!.message, ['3', 'hocba.cmd'])).toContain(
        '`hocba.cmd audit verify --head',
      );
      expect(messages.options_pairing_howto_windows?.message).toContain('Học bạ số › Ghép nối');
    },
  );
});

describe('the companion errors name the command of the PC the browser runs on', () => {
  /** "hocba" followed by a space: right on Linux and macOS, nothing at a Windows prompt. */
  const BARE_HOCBA = /(?<![\w.-])hocba\s/;

  it('every hint takes the command as a placeholder', () => {
    let hints = 0;
    for (const [code, m] of Object.entries(companionError.catalog))
      for (const text of [m.vi, m.en]) {
        expect(text, code).not.toMatch(BARE_HOCBA);
        if (text.includes('{hocba} ')) hints++;
      }
    expect(hints).toBe(4);
  });

  it.each([
    ['win', '“hocba.cmd pair”'],
    ['linux', '“hocba pair”'],
    ['mac', '“hocba pair”'],
  ])('not paired, on %s: %s', async (os, expected) => {
    platform = os;
    const refused = await CompanionClient.connect({ port: 1 } as never).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'COMPANION_NOT_PAIRED' });
    const { vi, en } = refused as { vi: string; en: string };
    for (const text of [vi, en]) {
      expect(text).toContain(expected);
      if (os === 'win') expect(text).not.toMatch(BARE_HOCBA);
    }
  });
});

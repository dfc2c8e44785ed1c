/** The standalone file's text: the _locales catalogs carried in the page, filled like browser.i18n. */
import { describe, expect, it } from 'vitest';
import { bundledMessages, fillSubstitutions } from '../src/ui/bundled-messages.js';

describe('bundledMessages', () => {
  it('is Vietnamese unless the browser language is English', () => {
    expect(bundledMessages('vi-VN').message('verify_print')).toBe('In báo cáo xác minh');
    expect(bundledMessages('fr-FR').language()).toBe('vi');
    expect(bundledMessages('en-GB').message('verify_print')).toBe('Print verification report');
  });

  it('fills $1… as browser.i18n.getMessage does, and has nothing for an unknown key', () => {
    expect(bundledMessages('vi').message('verify_summary', ['2', '3', '1'])).toBe(
      'Đã kiểm tra 2 / 3 tệp: 1 tệp hợp lệ.',
    );
    expect(fillSubstitutions('$1 costs $$5', 'it')).toBe('it costs $5');
    expect(bundledMessages('vi').message('no_such_key')).toBe('');
  });
});

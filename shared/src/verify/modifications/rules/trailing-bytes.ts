/** Bytes after the last %%EOF belong to no revision: no signature covers them, nothing explains them. */
import type { ParsedDocument } from '../../document/objects.js';
import type { Rule } from '../change.js';

export const trailingBytes: Rule<ParsedDocument> = {
  name: 'trailing-bytes',
  check(doc, add) {
    if (doc.trailingBytes > 0)
      add('TRAILING_BYTES', 'DISALLOWED', `${doc.trailingBytes} bytes after the last %%EOF`, {
        vi: `Có ${doc.trailingBytes} byte dữ liệu lạ nối sau phần cuối tệp (%%EOF)`,
        en: `${doc.trailingBytes} unknown bytes after the end of the file (%%EOF)`,
      });
  },
};

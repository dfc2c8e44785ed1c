import type { PortalAdapter } from './types.js';

/**
 * Viettel eDoc, "Sổ ký duyệt" (principal) and "Sổ trình ký" (teacher): a book's table of
 * submitted PDFs, one row per file, 20 a page. Only "Chờ ký" files are offered; the signed
 * file goes back as "Ký số CA" does. Built from eDoc's public guide and checked on the
 * replica (test/demo-portals/edoc.mjs): the ids and URLs are assumed, the vocabulary is the
 * guide's. The loopback paths are the replica's.
 */
export const edocBook: PortalAdapter = {
  id: 'edoc-so-ky-duyet',
  name: 'eDoc · Sổ ký duyệt',
  matches: [
    'https://*.edoc.viettel.vn/*',
    'http://127.0.0.1:*/so-ky-duyet/*',
    'http://127.0.0.1:*/so-trinh-ky/*',
    'http://localhost:*/so-ky-duyet/*',
    'http://localhost:*/so-trinh-ky/*',
  ],
  page: { selector: '.breadcrumb', text: 'Sổ điện tử' },
  layout: {
    kind: 'files',
    table: 'table#tblFileNop',
    row: 'tbody tr[data-file-id]',
    fileLink: 'a.file-nop',
    fileIdAttribute: 'data-file-id',
    headers: { submitter: 'Người nộp', target: 'Đối tượng nộp', status: 'Trạng thái' },
    statusElement: '.badge',
    statuses: { signable: ['Chờ ký'], signed: ['Đã ký'], refused: ['Từ chối'] },
    nextPage: 'ul.pagination a[rel="next"]',
    firstPage: 'ul.pagination a[rel="first"]',
    action: 'sign',
  },
  record: { kind: 'pdf-link', selector: 'a.file-nop' },
  // The header names the user and her role ("Trần Văn Minh (Hiệu trưởng)"), as on the replica.
  login: '.topbar > span:not(.logo)',
  upload: { url: '/api/ky-so-ca/{docId}', method: 'POST' },
};

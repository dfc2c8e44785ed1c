import type { PortalAdapter } from './types.js';

/** Demo portal A: a class table with a (Mức, Điểm) column pair per subject, PDFs, an upload. */
export const demoPortalA: PortalAdapter = {
  id: 'demo-portal-a',
  name: 'EduPortal A (demo)',
  matches: ['http://127.0.0.1:*/lop/*', 'http://localhost:*/lop/*'],
  layout: {
    kind: 'columns',
    table: 'table#bang-tong-hop',
    row: 'tbody tr[data-ma-hs]',
    studentIdAttribute: 'data-ma-hs',
    levelHeader: 'Mức',
    scoreHeader: 'Điểm',
    commentAttribute: 'title',
  },
  context: {
    element: 'main[data-nam-hoc]',
    schoolYear: 'data-nam-hoc',
    grade: 'data-khoi',
    className: 'data-lop',
  },
  login: 'header > span:not(.brand)',
  record: { kind: 'pdf-link', selector: 'a.xem-hoc-ba' },
  upload: { url: '/api/hocba/{studentId}/da-ky', method: 'POST' },
};

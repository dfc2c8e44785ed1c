import type { PortalAdapter } from './types.js';

/** Demo portal B: a block per student, subjects as rows, semester tabs, JSON export, no upload. */
export const demoPortalB: PortalAdapter = {
  id: 'demo-portal-b',
  name: 'SchoolNet B (demo)',
  matches: ['http://127.0.0.1:*/lop/*', 'http://localhost:*/lop/*'],
  layout: {
    kind: 'blocks',
    container: '#ket-qua.cuoi-nam',
    block: 'section.hoc-sinh[data-ma]',
    studentIdAttribute: 'data-ma',
    studentName: '.ten-hs',
    subjectRow: 'table.mon-hoc tbody tr',
    subjectCodeAttribute: 'data-mon',
    cells: { level: 'td.muc', score: 'td.diem', comment: 'td.nhan-xet' },
    qualityRow: 'table.pham-chat-nang-luc tbody tr',
    qualityCodeAttribute: 'data-muc-tieu',
    qualityCells: { level: 'td.muc', comment: 'td.nhan-xet' },
    rating: '.danh-gia',
  },
  context: {
    element: 'main[data-nam-hoc]',
    schoolYear: 'data-nam-hoc',
    grade: 'data-khoi',
    className: 'data-lop',
  },
  login: 'header > span:not(.brand)',
  record: { kind: 'json-link', selector: 'a.xuat-du-lieu' },
};

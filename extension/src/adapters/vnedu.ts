import type { PortalAdapter } from './types.js';

/**
 * VNPT VnEdu, built from its public guides and checked on the replica
 * (test/demo-portals/vnedu.mjs): the menus and captions are the guides', the ids, URLs and
 * where a comment shows (the level cell's tooltip) are assumed. The loopback paths are the
 * replica's.
 */

/** "Tổng kết": a class's end-of-year results, a column pair per subject, found by headers. */
export const vneduSummary: PortalAdapter = {
  id: 'vnedu-tong-ket',
  name: 'vnEdu · Tổng kết',
  matches: [
    'https://*.vnedu.vn/*',
    'http://127.0.0.1:*/hoc-sinh/tong-ket*',
    'http://localhost:*/hoc-sinh/tong-ket*',
  ],
  page: { selector: '.path', text: 'Tổng kết' },
  layout: {
    kind: 'columns',
    row: 'tbody tr',
    levelHeader: 'Mức đạt được',
    scoreHeader: 'Điểm KTĐK',
    commentAttribute: 'title',
  },
  contextText: { schoolYear: '#cboNamHoc', grade: '#cboKhoi', className: '#cboLop' },
};

/** "Tiếp nhận học sinh chuyển trường": each incoming pupil's record, attached: verify it. */
export const vneduTransfers: PortalAdapter = {
  id: 'vnedu-tiep-nhan-chuyen-truong',
  name: 'vnEdu · Tiếp nhận học sinh chuyển trường',
  matches: [
    'https://*.vnedu.vn/*',
    'http://127.0.0.1:*/hoc-sinh/tiep-nhan-chuyen-truong*',
    'http://localhost:*/hoc-sinh/tiep-nhan-chuyen-truong*',
  ],
  page: { selector: '.path', text: 'Tiếp nhận học sinh chuyển trường' },
  layout: {
    kind: 'files',
    table: 'table#gridTiepNhan',
    row: 'tbody tr',
    fileLink: 'a.dinh-kem',
    fileIdAttribute: 'data-id',
    headers: { label: 'Họ và tên', status: 'Trạng thái' },
    action: 'verify',
  },
};

import type { PortalAdapter } from './types.js';

/**
 * Any page with a results table whose headers name the student ("Họ và tên") and subjects
 * by their Vietnamese names (Tiếng Việt, Toán, ...), each with "Mức" and "Điểm" columns.
 * Tried last, on pages no specific adapter claims.
 */
export const genericAdapter: PortalAdapter = {
  id: 'generic',
  name: 'Bảng kết quả (nhận dạng tự động)',
  matches: ['*'],
  layout: {
    kind: 'columns',
    row: 'tbody tr',
    levelHeader: 'Mức',
    scoreHeader: 'Điểm',
    commentAttribute: 'title',
  },
};

/** The demo school, and who signed its earlier years. */
import type { HocBaRecord } from '../record/schema.js';
import type { SchoolInfo } from './schooling.js';

export const DEMO_SCHOOL: HocBaRecord['school'] = {
  name: 'Trường Tiểu học Kim Đồng',
  code: '01001234',
  department: 'Phòng GD&ĐT quận Ba Đình',
  province: 'Sở GD&ĐT Hà Nội',
  locality: 'phường Ngọc Hà, Hà Nội',
};

/** The demo school's principal and seal, who signed its earlier years. */
export const DEMO_SIGNERS: SchoolInfo = {
  name: DEMO_SCHOOL.name,
  code: DEMO_SCHOOL.code,
  principal: 'Lê Thị Thu Hà',
  principalId: 'CCCD:001175004321',
  budgetCode: '1012345',
};

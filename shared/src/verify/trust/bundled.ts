/**
 * Vietnamese certificates shipped with the verifier, generated from `shared/trust/*.pem`
 * (a unit test checks these strings equal those files and the SHA-256 fingerprints in its README).
 * Roots are trust anchors; issuing CAs only complete chains a signature does not carry.
 * The PEM texts are in ./bundled/, one file a hierarchy (government.ts, national.ts).
 */
import type { BundledCertificate } from './bundled/entry.js';
import {
  VGCA_CA_CHINH_PHU_G1,
  VGCA_CA_DANG_G2,
  VGCA_CA_NHA_NUOC_G2,
  VGCA_ROOTCA_G1,
  VGCA_ROOTCA_G2,
} from './bundled/government.js';
import {
  FASTCA_SHA256,
  VIETTEL_CA_RS,
  VN_NATIONAL_ROOT_CA_SHA256,
  VNPT_CA_SHA2,
  VNPT_SMARTCA_RS,
} from './bundled/national.js';

export type { BundledCertificate } from './bundled/entry.js';

/** In file-name order, as before the split. */
export const BUNDLED_CERTIFICATES: readonly BundledCertificate[] = [
  FASTCA_SHA256,
  VGCA_CA_CHINH_PHU_G1,
  VGCA_CA_DANG_G2,
  VGCA_CA_NHA_NUOC_G2,
  VGCA_ROOTCA_G1,
  VGCA_ROOTCA_G2,
  VIETTEL_CA_RS,
  VN_NATIONAL_ROOT_CA_SHA256,
  VNPT_CA_SHA2,
  VNPT_SMARTCA_RS,
];

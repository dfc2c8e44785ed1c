/**
 * The verifier: is this record intact, who signed it, can we trust them, what changed after.
 * Pure TypeScript over WebCrypto (or a crypto provider passed in), offline, for the extension's
 * verify page, the portal upload check and `hocba verify`.
 *
 *   const report = await verifyPdf(bytes, { trust: { anchors: [pem] } });
 *   report.verdict  // 'valid' | 'invalid' | 'indeterminate'
 *
 * This file runs the steps (steps/, one file each): read the file, check each signature (its
 * integrity, what changed after it, its chain), then sum up.
 */
import type { VerifyOptions } from './options.js';
import type { DocumentReport } from './report/index.js';
import { safeReport } from './report/safe-report.js';
import { acceptDeclaredDelegation } from './signer.js';
import { dssData } from './steps/chain.js';
import { readDocument, refuseUnread, unreadable } from './steps/read.js';
import { checkSignature } from './steps/signature.js';
import { grade, summarize } from './steps/summary.js';
import { createTrustStore, type TrustStore, type TrustStoreOptions } from './trust/index.js';

export { type Certificate, parseCertificate, pemToDer } from '../x509/index.js';
export {
  type CurveName,
  KEY_ERRORS,
  type SignatureCheck,
  type VerifyAlgorithm,
  type VerifyCrypto,
  type VerifyKey,
  verifySignature,
  webCrypto,
} from './crypto.js';
export type { Change, ChangeKind, ModificationReport, RuleName } from './modifications/index.js';
export {
  DEFAULT_MAX_BYTES,
  MAX_REVISIONS,
  MAX_SIGNATURES,
  type VerifyOptions,
} from './options.js';
export type { TrustStatus } from './path/index.js';
export { type RecordReport, recordReadsTwoWays } from './record/index.js';
export {
  groupTransferSet,
  IDENTITY_FIELDS,
  type StudentTransfer,
  type TransferInput,
  transferInput,
} from './record/transfer.js';
export { DISPLAY_MAX, displayText, safeText } from './report/display-text.js';
export type * from './report/index.js';
export { vietnamTime } from './report/index.js';
export { type RevocationData, readCrlFile } from './revocation/index.js';
export { weakHash } from './steps/signature.js';
export {
  BUNDLED_CERTIFICATES,
  bundledTrustStore,
  createTrustStore,
  type TrustStore,
  type TrustStoreOptions,
} from './trust/index.js';
export { VERDICT_LEVEL_WORDS, type VerdictLevel } from './verdict.js';

const isStore = (t: TrustStore | TrustStoreOptions | undefined): t is TrustStore =>
  !!t &&
  Array.isArray((t as TrustStore).anchors) &&
  (t as TrustStore).anchors.every((a) => typeof a === 'object' && 'der' in a);

/** Verifies every signature of a PDF. Never throws: bad input gets a verdict and a reason. */
export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions = {}): Promise<DocumentReport> {
  const report = await verifyDocument(bytes, options);
  acceptDeclaredDelegation(report);
  grade(report, options.now ?? new Date());
  return safeReport(report);
}

async function verifyDocument(bytes: Uint8Array, options: VerifyOptions): Promise<DocumentReport> {
  const refused = refuseUnread(bytes, options);
  if (refused) return refused;
  try {
    const trust = isStore(options.trust) ? options.trust : createTrustStore(options.trust ?? {});
    const read = readDocument(bytes);
    if ('answered' in read) return read.answered;
    const { doc, res, fields, signed, report, late } = read;
    const dss = dssData(doc, res);
    for (const f of signed) report.signatures.push(await checkSignature(doc, f, { trust, dss, options }));
    summarize(doc, fields, report);
    return late(report);
  } catch (e) {
    return unreadable(e, bytes.length);
  }
}

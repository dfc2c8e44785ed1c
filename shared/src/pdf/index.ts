/**
 * The signed record PDF: render a record (Thông tư 27 layout, record JSON attached), sign
 * it PAdES as incremental updates (B-B, B-T with RFC 3161, B-LT with a /DSS), through
 * the `Signer` interface. The reader/writer underneath are in ./reader and ./incremental.
 */

export { type AttachResult, attachRecordToPdf, readAttachedRecord } from './attach.js';
export { delegationCapacity, type SigningCapacity, signingCapacity } from './capacity.js';
export { type CertificateInfo, readCertificate } from './cms/certificate.js';
export {
  addLtv,
  addValidationData,
  cmsCertificates,
  fetchOcsp,
  type LtvResult,
  type OcspResult,
  signatureContents,
  timestampTokens,
  type ValidationData,
} from './dss/index.js';
export { pdfError } from './errors.js';
export { readSignatureFields, type SignatureFieldState } from './fields.js';
export { PdfDocument } from './reader/document.js';
export {
  RECORD_ATTACHMENT_NAME,
  type RenderedRecordPdf,
  type RenderRecordOptions,
  recordJsonBytes,
  renderRecordPdf,
  XMP_NAMESPACE,
} from './render/index.js';
export * from './sign/index.js';
export * from './signer.js';
export { type StampOptions, stampLines } from './stamp.js';
export { readTstInfo, requestTimestamp, type TstInfo } from './timestamp/index.js';

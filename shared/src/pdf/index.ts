/**
 * The signed record PDF: PAdES signing as incremental updates (B-B, B-T, B-LT), the
 * Signer interface, and the reader/writer underneath.
 */
export { type CertificateInfo, readCertificate } from './cms/certificate.js';
export { pdfError } from './errors.js';
export { readSignatureFields, type SignatureFieldState } from './fields.js';
export { PdfDocument } from './reader/document.js';
export * from './sign.js';
export * from './signer.js';
export type { StampOptions } from './stamp.js';
export { readTstInfo, requestTimestamp, type TstInfo } from './timestamp/index.js';

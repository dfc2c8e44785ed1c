/**
 * ASN.1 DER for the whole engine: the reader (offsets kept, bounds-checked, for the verifier
 * and for what signing reads), the writer (what signing builds: CMS, RFC 3161 and OCSP
 * requests), and the one table of object identifiers.
 */
export * from './oids.js';
export * from './reader.js';
export * from './writer.js';

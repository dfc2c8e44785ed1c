/**
 * X.509 for the whole engine, on the one DER layer (../asn1): the certificate reader, names
 * and the one rule for a name attribute given twice, extensions, revocation pointers, PEM.
 * Above asn1, below pdf (signing) and verify, which both read certificates here.
 */
export * from './access.js';
export * from './certificate.js';
export * from './extensions.js';
export * from './name.js';
export * from './pem.js';

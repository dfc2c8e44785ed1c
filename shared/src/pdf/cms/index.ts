/** CMS SignedData for PAdES, certificates, and the hashing helpers they share. */
export * from './certificate.js';
export * from './der.js';
export * from './signed-data.js';

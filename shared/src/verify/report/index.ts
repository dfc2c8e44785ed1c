/**
 * The verification report: explicit statuses in the spirit of ETSI EN 319 102-1 and
 * sentences in Vietnamese first, English second, that a school secretary can act on.
 */
export * from './document-report.js';
export * from './sentences.js';

/**
 * The verifier's PDF reading, in steps: values.ts (the value model and comparison), lexer.ts
 * (bytes to values), scan.ts (revisions, object headers, object streams, xref tables,
 * trailers) and resolver.ts (lookup as of a revision). This module gathers them for the rules.
 */
export * from './lexer.js';
export * from './resolver.js';
export * from './scan.js';
export * from './values.js';

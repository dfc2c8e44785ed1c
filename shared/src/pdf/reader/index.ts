/** A small strict PDF reader: objects, xref tables and streams, object streams, revisions. */
export * from './document.js';
export { decodeStream } from './filters.js';
export { InflateBudget, InflateLimitError, inflateCapped, MAX_INFLATED_STREAM } from './inflate.js';
export * from './objects.js';
export { PdfParser } from './parser.js';

/** A small strict PDF reader: objects, xref tables and streams, object streams, revisions. */
export { RECORD_ATTACHMENT_NAME, readAttachedRecord } from './attached.js';
export * from './document.js';
export { decodeStream } from './filters.js';
export { InflateBudget, InflateLimitError, inflateCapped, MAX_INFLATED_STREAM } from './inflate.js';
export * from './objects.js';
export { PdfParser } from './parser.js';

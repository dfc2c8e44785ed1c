/** A small strict PDF reader: objects, xref tables and streams, object streams, revisions. */
export * from './document.js';
export { decodeStream } from './filters.js';
export * from './objects.js';
export { PdfParser } from './parser.js';

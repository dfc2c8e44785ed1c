/** The primary học bạ: codes and labels, the exchange format, parsing. */
export * from './codes.js';
export * from './delegation.js';
export * from './empty-year.js';
export * from './parse.js';
export * from './schema.js';
export * from './year-school.js';

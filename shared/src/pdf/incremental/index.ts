/** The incremental-update writer: append a revision, never rewrite earlier bytes. */
export * from './serialize.js';
export * from './update.js';

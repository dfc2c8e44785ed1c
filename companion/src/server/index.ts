export * from './companion.js';
export * from './connection.js';
export * from './last-resort.js';
export * from './server.js';
export * from './token-service.js';

export * from './certificate.js';
export * from './demo-pki.js';
export * from './errors.js';
export * from './faults.js';
export * from './module.js';
export * from './modules.js';
export * from './signer.js';
export * from './softhsm-token.js';

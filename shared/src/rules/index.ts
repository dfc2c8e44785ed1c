/** The Thông tư 27 checks: stable rule codes, findings with a JSON Pointer, class summaries. */
export * from './catalog.js';
export * from './check.js';
export * from './config.js';
export { CROSS_YEAR_RULES, checkAcrossYears } from './cross-year/index.js';
export * from './finding.js';
export * from './rating.js';

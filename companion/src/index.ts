export { companionVersion, main } from './cli/main.js';

/**
 * The standalone file's verify worker: the extension page's worker, with zod kept from
 * probing `Function('')` (the page's CSP, which a Blob-URL worker inherits, forbids eval).
 * Built inline (`?worker&inline`): the one HTML file carries it and starts it from a Blob URL.
 */
import './strict-csp.js';
import './verify-worker.js';

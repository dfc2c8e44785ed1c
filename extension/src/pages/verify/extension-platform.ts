/** The verify page inside the extension: the bundled roots plus what IT added (policy, settings). */
import { adminTrustAnchors } from '../../settings/trust-anchors.js';
import type { VerifyPlatform } from './platform.js';

export const extensionPlatform: VerifyPlatform = {
  kind: 'extension',
  extraAnchors: adminTrustAnchors,
};

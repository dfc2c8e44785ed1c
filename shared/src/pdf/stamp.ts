/** The visible signature stamp drawn in the role's block. */

import type { SignatureRole } from '../roles/index.js';
import type { CertificateInfo } from './cms/certificate.js';
import type { IncrementalUpdate } from './incremental/update.js';
import type { PdfRef } from './reader/objects.js';

export interface StampOptions {
  /** TrueType font bytes with Vietnamese glyphs (DejaVu Sans). */
  font: Uint8Array;
  /** Time zone shown on the stamp, default Asia/Ho_Chi_Minh (UTC+7). */
  utcOffsetMinutes?: number;
}

export interface AppearanceContext {
  role: SignatureRole;
  certificate: CertificateInfo;
  time: Date;
  rect: number[];
}

export async function buildAppearance(
  _update: IncrementalUpdate,
  _ctx: AppearanceContext,
  _options: StampOptions,
): Promise<PdfRef | undefined> {
  return undefined;
}

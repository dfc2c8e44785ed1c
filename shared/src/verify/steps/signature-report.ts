/** A signature's report: empty at first, finished with a status and words for a reader. */
import type { VerifyCrypto } from '../crypto.js';
import { textOf } from '../document/objects.js';
import type { SignatureField } from '../document/signatures.js';
import type { VerifyOptions } from '../options.js';
import { displayText } from '../report/display-text.js';
import { type SignatureReport, type SubIndication, signatureMessage } from '../report/index.js';
import type { RevocationData } from '../revocation/index.js';
import type { TrustStore } from '../trust/index.js';
import type { DssData } from './chain.js';

/** What every signature of one file is checked against. */
export interface SignatureContext {
  trust: TrustStore;
  dss: DssData;
  options: VerifyOptions;
}

/** What a signature's last checks work on, once its bytes and CMS are found. */
export interface SignatureInHand {
  s: SignatureReport;
  /** The CMS, exactly the DER element (without /Contents' zero padding). */
  cmsDer: Uint8Array;
  /** The two byte ranges it covers. */
  ranges: Uint8Array[];
  /** Revocation data for its paths: the file's /DSS and the caller's (the CMS's are added). */
  revocation: RevocationData;
  /** The caller's digests and signature checks, and the verification time. */
  crypto: VerifyCrypto;
  now: Date;
}

/** The file's own words (field name, /Reason, /Location) enter the report made safe to show. */
const shown = (text: string | undefined): string | null => (text === undefined ? null : displayText(text));

export function emptySignature(field: SignatureField, kind: SignatureReport['kind']): SignatureReport {
  return {
    field: displayText(field.name),
    kind,
    role: null,
    roleSource: null,
    signer: null,
    signedAt: null,
    timeSource: 'NONE',
    timestamp: null,
    reason: shown(textOf(field.dict?.entries.get('Reason'))),
    location: shown(textOf(field.dict?.entries.get('Location'))),
    integrity: {
      status: 'MALFORMED',
      byteRange: 'OK',
      digestAlgorithm: null,
      signatureAlgorithm: null,
      signingCertificateBinding: null,
      detail: null,
    },
    trust: {
      status: null,
      anchor: null,
      chain: [],
      revocation: 'UNKNOWN',
      revocationSource: null,
      detail: null,
    },
    modifications: { status: 'NONE', laterRevisions: 0, changes: [] },
    coversWholeDocument: false,
    status: 'INDETERMINATE',
    subIndication: 'FORMAT_FAILURE',
    message: { vi: '', en: '' },
  };
}

/** Sets the signature's status and words it for a reader. */
export function finish(
  s: SignatureReport,
  status: SignatureReport['status'],
  sub: SubIndication | null,
): SignatureReport {
  s.status = status;
  s.subIndication = sub;
  s.message = signatureMessage(s);
  return s;
}

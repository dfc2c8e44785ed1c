/**
 * When a signature was made: a verified, trusted time-stamp on it; else the time the signer
 * claims (the CMS signing-time, then the signature dictionary's /M).
 */
import { OID } from '../../asn1/oids.js';
import type { SignerVerification } from '../cms/index.js';
import type { VerifyCrypto } from '../crypto.js';
import { textOf } from '../document/objects.js';
import { parsePdfDate, type SignatureField } from '../document/signatures.js';
import { type PathValidation, validatePath } from '../path/index.js';
import type { SignatureReport, TimeSource } from '../report/index.js';
import type { RevocationData } from '../revocation/index.js';
import type { TrustStore } from '../trust/index.js';
import { type DssData, shownName } from './chain.js';

export interface SigningTime {
  time: Date | undefined;
  source: TimeSource;
  /** The signature's own time-stamp, as the report shows it (none when it carries none). */
  timestamp: SignatureReport['timestamp'];
}

export async function signingTime(
  v: SignerVerification,
  field: SignatureField,
  revocation: RevocationData,
  trust: TrustStore,
  dss: DssData,
  crypto: VerifyCrypto,
): Promise<SigningTime> {
  let time: Date | undefined;
  let source: TimeSource = 'NONE';
  let timestamp: SignatureReport['timestamp'] = null;
  if (v.timestamp) {
    const ts = v.timestamp;
    let tsTrust: PathValidation | undefined;
    if (ts.integrity === 'INTACT' && ts.tsa && ts.genTime) {
      tsTrust = await validatePath(ts.tsa, {
        time: ts.genTime,
        timeProven: true,
        trust,
        pool: [...ts.certificates, ...dss.certs],
        revocation,
        requiredEku: OID.ekuTimeStamping,
        crypto,
      });
      if (tsTrust.status === 'TRUSTED') {
        time = ts.genTime;
        source = 'TIMESTAMP';
      }
    }
    timestamp = {
      time: ts.genTime?.toISOString() ?? '',
      tsa: ts.tsa ? shownName(ts.tsa) : null,
      status: ts.integrity,
      trust: tsTrust?.status ?? null,
      tsaValidTo: ts.tsa ? ts.tsa.notAfter.toISOString() : null,
    };
  }
  if (!time && v.claimedSigningTime) {
    time = v.claimedSigningTime;
    source = 'CLAIMED_CMS';
  }
  if (!time) {
    const m = parsePdfDate(textOf(field.dict?.entries.get('M')));
    if (m) {
      time = m;
      source = 'CLAIMED_PDF';
    }
  }
  return { time, source, timestamp };
}

/** A document time-stamp (ETSI.RFC3161): the token over the byte ranges, then the TSA's path. */
import { OID } from '../../asn1/oids.js';
import { verifyTimestampToken } from '../cms/index.js';
import { validatePath } from '../path/index.js';
import type { SignatureReport } from '../report/index.js';
import { signerInWords } from '../signer.js';
import { fillTrust, trustIndication } from './chain.js';
import { finish, type SignatureContext, type SignatureInHand } from './signature-report.js';

export async function checkDocumentTimestamp(
  { s, cmsDer, ranges, revocation, crypto, now }: SignatureInHand,
  ctxt: SignatureContext,
): Promise<SignatureReport> {
  const ts = await verifyTimestampToken(cmsDer, ranges, crypto);
  s.integrity.status = ts.integrity;
  s.integrity.detail = ts.problems.join('; ') || null;
  if (ts.tsa) s.signer = signerInWords(ts.tsa);
  if (ts.genTime) {
    s.signedAt = ts.genTime.toISOString();
    s.timeSource = 'TIMESTAMP';
  }
  if (ts.integrity !== 'INTACT' || !ts.tsa)
    return finish(s, 'TOTAL_FAILED', ts.integrity === 'ALTERED' ? 'HASH_FAILURE' : 'FORMAT_FAILURE');
  const p = await validatePath(ts.tsa, {
    time: ts.genTime ?? now,
    timeProven: true,
    trust: ctxt.trust,
    pool: [...ts.certificates, ...ctxt.dss.certs],
    revocation,
    requiredEku: OID.ekuTimeStamping,
    requireRevocation: ctxt.options.requireRevocation ?? false,
    crypto,
  });
  fillTrust(s, p);
  if (s.modifications.status === 'DISALLOWED') return finish(s, 'TOTAL_FAILED', 'MODIFIED_AFTER_SIGNING');
  return finish(s, ...trustIndication(p, true));
}

/** The audit log's head signed with the batch's key, in the same login (see audit/anchor.ts). */
import { toHocbaError } from '@hocba/shared/errors';
import type { AuditAnchor, AuditLog } from '../../audit/index.js';
import type { Pkcs11Session, SignatureAlgorithm } from '../../pkcs11/index.js';

/** Never fails the batch: a head that could not be signed is on the record as `audit.unanchored`. */
export async function anchorAuditHead(
  audit: AuditLog,
  batchId: string,
  session: Pkcs11Session,
  signer: {
    certificate: Uint8Array;
    algorithms: readonly SignatureAlgorithm[];
    sign: (data: Uint8Array, algorithm: SignatureAlgorithm) => Promise<Uint8Array>;
  },
  preferred: SignatureAlgorithm | undefined,
): Promise<AuditAnchor | undefined> {
  const algorithm = preferred ?? signer.algorithms[0];
  if (!algorithm || !session.isOpen || session.tokenGone) {
    audit.append({ event: 'audit.unanchored', batchId, code: 'NOT_LOGGED_IN' });
    return undefined;
  }
  try {
    return await audit.anchor(batchId, signer.certificate, async (statement) => ({
      signature: await signer.sign(statement, algorithm),
      algorithm,
    }));
  } catch (caught) {
    audit.append({
      event: 'audit.unanchored',
      batchId,
      code: toHocbaError(caught).code,
    });
    return undefined;
  }
}

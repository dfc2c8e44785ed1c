/**
 * The key a batch signs with, checked before any document: its certificate valid now and
 * allowed to sign, the algorithm the user asked for one the key has.
 */
import type { SignRequest } from '@hocba/shared/protocol';
import { type Pkcs11Session, type SignatureAlgorithm, type Signer, tokenError } from '../../pkcs11/index.js';
import { batchError } from './errors.js';
import { sha256Hex } from './sha256.js';

export interface BatchKey {
  signer: Signer;
  /** The algorithm asked for (the engine's policy chooses when undefined). */
  algorithm: SignatureAlgorithm | undefined;
  /** The certificate's subject in words ('' when the token does not say). */
  signerName: string;
  certificateSha256: string;
}

export function openBatchKey(
  session: Pkcs11Session,
  request: Pick<SignRequest, 'certificateId' | 'algorithm'>,
  chain: readonly Uint8Array[],
  now: () => Date,
): BatchKey {
  const details = session.certificateDetails(request.certificateId);
  const signer = session.signer(request.certificateId, chain);
  if (details) {
    const error =
      now() > details.notAfter
        ? batchError('CERTIFICATE_EXPIRED', { date: details.notAfter.toISOString().slice(0, 10) })
        : now() < details.notBefore
          ? batchError('CERTIFICATE_NOT_YET_VALID', { date: details.notBefore.toISOString().slice(0, 10) })
          : details.keyUsage === 'noSigning'
            ? batchError('CERTIFICATE_NO_SIGNING')
            : undefined;
    if (error) throw error;
  }
  const algorithm: SignatureAlgorithm | undefined =
    request.algorithm && signer.algorithms.includes(request.algorithm) ? request.algorithm : undefined;
  if (request.algorithm && !algorithm)
    throw tokenError('ALGORITHM_UNSUPPORTED', { algorithm: request.algorithm });
  if (signer.algorithms.length === 0) throw batchError('CERTIFICATE_NO_SIGNING');
  return {
    signer,
    algorithm,
    signerName: details?.subject.text ?? '',
    certificateSha256: sha256Hex(signer.certificate),
  };
}

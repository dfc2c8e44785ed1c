/**
 * One key operation at a time on the batch's login, in the order they ask, and none once the
 * batch has stopped (cancelled, token gone): the batch prepares the next document while the
 * token signs the current one, and this is what keeps that from ever putting two C_Signs on
 * one session, or signing a document after the user pressed cancel.
 */
import type { SignatureAlgorithm, Signer } from '../pkcs11/index.js';

/** Thrown to a document whose key operation was not started because the batch stopped. */
export class KeyOperationNotStarted extends Error {
  constructor() {
    super('the batch stopped before this document was signed');
  }
}

export function gatedSigner(signer: Signer, stopped: () => boolean): Signer {
  let queue: Promise<unknown> = Promise.resolve();
  const sign = (data: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array> => {
    const turn = queue.then(() => {
      if (stopped()) throw new KeyOperationNotStarted();
      return signer.sign(data, algorithm);
    });
    queue = turn.catch(() => undefined);
    return turn;
  };
  return {
    certificate: signer.certificate,
    chain: signer.chain,
    algorithms: signer.algorithms,
    sign,
  };
}

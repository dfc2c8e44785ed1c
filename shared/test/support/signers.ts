/** Software signers (WebCrypto) from the test PKI's keys, with the chain the PDF engine embeds. */
import type { TestEntity, TestPki } from '../../../test/pki/index.mjs';
import { createSoftwareSigner, pemToDer, type Signer } from '../../src/pdf/signer.js';

export function signerFor(
  pki: TestPki,
  entity: TestEntity,
  extra: Partial<{ withChain: boolean }> = {},
): Promise<Signer> {
  const chain = extra.withChain === false ? [] : [pemToDer(pki.ca.certPem), pemToDer(pki.root.certPem)];
  return createSoftwareSigner({ privateKey: entity.keyPem, certificate: entity.certPem, chain });
}

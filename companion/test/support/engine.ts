/**
 * A stand-in PDF engine for the batch mechanics tests (cancel, resume, pulled token, a
 * school of 1,000): it "renders" a record as deterministic bytes and "signs" by appending
 * the token's real signature over them, so every test still proves the token signed exactly
 * the bytes the companion prepared, without the renderer's cost. The real engine
 * (`defaultEngine`) is tested end to end in test/server/engine.test.ts (verifier, pdfsig).
 */
import type { HocBaRecord } from '@hocba/shared/record';
import type { SignedDocument, SigningEngine, SignOptions } from '../../src/signing/engine.js';

export const TRAILER = '\n%%TEST-SIGNATURE ';

export function testEngine(): SigningEngine & { renders: number } {
  const engine = {
    renders: 0,
    async renderRecord(record: HocBaRecord): Promise<Uint8Array> {
      engine.renders++;
      return new TextEncoder().encode(`%PDF-1.7\n% test record\n${JSON.stringify(record)}\n%%EOF`);
    },
    async sign(pdf: Uint8Array, options: SignOptions): Promise<SignedDocument> {
      const algorithm = options.algorithm ?? options.signer.algorithms[0]!;
      const signature = await options.signer.sign(pdf, algorithm);
      const signed = new Uint8Array(
        Buffer.concat([
          Buffer.from(pdf),
          Buffer.from(`${TRAILER}${options.role} ${algorithm} `),
          Buffer.from(Buffer.from(signature).toString('base64')),
        ]),
      );
      return { pdf: signed, algorithm, level: 'B-B' };
    },
  };
  return engine;
}

/**
 * Red team, session 7: the certification level as the signed revision says it. An indirect
 * /TransformParams (or /Reference entry) with /P 1 was read as P=2 or as no certification, so a
 * later signature after a "no changes" certification was valid; the catalog's /Perms, which
 * names the certifying signature, could be changed after signing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrustStore, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { testPki } from './helpers.js';
import { appendUpdate, basePdf, signField } from './pdf-fixtures.js';

let pki: Awaited<ReturnType<typeof testPki>>;
let trust: TrustStore;
beforeAll(async () => {
  pki = await testPki();
  trust = createTrustStore({ anchors: [pki.root.certPem] });
}, 60_000);
const verify = (bytes: Uint8Array) => verifyPdf(bytes, { trust, now: new Date('2026-12-01T00:00:00Z') });

/** basePdf with objects 30 (a DocMDP SigRef) and 31 (its TransformParams, /P p) written before signing. */
const withIndirectLock = (p: number) =>
  appendUpdate(basePdf(), [
    { num: 30, body: '<< /Type /SigRef /TransformMethod /DocMDP /TransformParams 31 0 R >>' },
    { num: 31, body: `<< /Type /TransformParams /P ${p} /V /1.2 >>` },
  ]);

describe('certification level read through indirect objects', { timeout: 60_000 }, () => {
  it('P=1 in an indirect /TransformParams: a later signature breaks the certification', async () => {
    const certified = signField(withIndirectLock(1), 7, 'hocba.gvcn', pki.signers.gvcn, pki, {
      extraSigEntries: ' /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams 31 0 R >>]',
    });
    expect((await verify(certified)).verdict).toBe('valid');
    const r = await verify(signField(certified, 8, 'hocba.principal', pki.signers.principal, pki));
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.subIndication).toBe('MODIFIED_AFTER_SIGNING');
    expect(r.signatures[0]?.modifications.changes.some((c) => c.detail.includes('DocMDP P=1'))).toBe(true);
  });

  it('P=1 in an indirect /Reference entry', async () => {
    const certified = signField(withIndirectLock(1), 7, 'hocba.gvcn', pki.signers.gvcn, pki, {
      extraSigEntries: ' /Reference [30 0 R]',
    });
    const r = await verify(signField(certified, 8, 'hocba.principal', pki.signers.principal, pki));
    expect(r.verdict).toBe('invalid');
  });

  it('P=2 read the same way still allows the next signature', async () => {
    const certified = signField(withIndirectLock(2), 7, 'hocba.gvcn', pki.signers.gvcn, pki, {
      extraSigEntries: ' /Reference [30 0 R]',
    });
    expect(
      (await verify(signField(certified, 8, 'hocba.principal', pki.signers.principal, pki))).verdict,
    ).toBe('valid');
  });
});

describe('the catalog /Perms after signing', { timeout: 60_000 }, () => {
  it('added in a later update (naming the approval signature as certifying): refused', async () => {
    const signed = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
    const sigNum = Number(/\/V (\d+) 0 R/.exec(Buffer.from(signed).toString('latin1').slice(-20_000))?.[1]);
    const r = await verify(
      appendUpdate(signed, [
        {
          num: 1,
          body: `<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R /Perms << /DocMDP ${sigNum} 0 R >> >>`,
        },
      ]),
    );
    expect(r.verdict).toBe('invalid');
    expect(
      r.signatures[0]?.modifications.changes.some((c) => c.kind === 'CATALOG' && c.detail.includes('/Perms')),
    ).toBe(true);
  });
});

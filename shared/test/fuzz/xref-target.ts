/**
 * The `xref` target: the verifier on signed files whose cross-reference tables and streams,
 * /Prev chains and object streams are damaged (mutate-xref.ts). Contract: a verdict with its
 * reason in both languages, within the runner's bounds; and a file changed in place inside
 * the earliest signature's byte ranges (which every signature covers) is never `valid`.
 */
import { createTrustStore, type DocumentReport, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { mutateXref } from './mutate-xref.js';
import { rand } from './random.js';
import {
  checkReport,
  concatFlag,
  type FuzzTarget,
  fail,
  files,
  firstSignedRanges,
  generatorSigned,
  text,
} from './targets.js';

interface XrefCorpus {
  files: { name: string; bytes: Uint8Array; signed: [number, number][] }[];
  trust: TrustStore;
}

/** Signed files with classic tables, with xref and object streams (qpdf), with several updates. */
const XREF_FILES =
  /^(qpdf-objstm-signed|qpdf-objstm-two-signed|qpdf-objstm-lta|three-signers|blt|certify-p2|bt-ltvfix-doc-ts)\.pdf$/;
const SMALL = /^(qpdf-objstm-signed|qpdf-objstm-two-signed|three-signers)\.pdf$/;

export const xrefTarget: FuzzTarget<XrefCorpus> = {
  name: 'xref',
  about: 'verifyPdf on signed files with damaged xref tables/streams, /Prev chains, object streams',
  async setup({ small }) {
    const pems = files('.pem')
      .filter((f) => /root/.test(f.name))
      .map((f) => text(f.bytes));
    const pdfs = files('.pdf').filter((f) => (small ? SMALL : XREF_FILES).test(f.name));
    const all = small
      ? pdfs
      : [{ name: 'generator-three-signers.pdf', bytes: (await generatorSigned()).pdf }, ...pdfs];
    if (!small) pems.push((await generatorSigned()).root);
    return {
      files: all.map((f) => ({ ...f, signed: firstSignedRanges(f.bytes) })),
      trust: createTrustStore({ anchors: pems }),
    };
  },
  input(ctx, seed) {
    const r = rand(seed);
    const f = r.pick(ctx.files);
    let m = mutateXref(f.bytes, r);
    // Now and then a second change on top of the first (a damaged table in a damaged chain).
    if (r.chance(0.2)) {
      const second = mutateXref(m.bytes, r);
      m = { bytes: second.bytes, changed: [...m.changed, ...second.changed], how: `${m.how}, ${second.how}` };
    }
    const touched = m.changed.some(([a, b]) =>
      f.signed.some(
        ([s, e]) => a < e && b > s && hasChange(f.bytes, m.bytes, Math.max(a, s), Math.min(b, e)),
      ),
    );
    return concatFlag(touched, m.bytes);
  },
  async run(ctx, input) {
    const touched = input[0] === 1;
    let report: DocumentReport;
    try {
      report = await verifyPdf(input.subarray(1), { trust: ctx.trust });
    } catch (e) {
      fail('verifyPdf threw', e);
    }
    checkReport(report);
    if (touched && report.verdict === 'valid')
      fail('a file changed inside its signed bytes was called valid');
  },
};

/** Whether bytes in [from, to) differ (a change may write what was there). */
function hasChange(a: Uint8Array, b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (a[i] !== b[i]) return true;
  return false;
}

export const TARGETS = { xref: xrefTarget };

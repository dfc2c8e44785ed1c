/**
 * The companion signs a portal PDF only when its record reads one way: the verifier compares
 * the record its scan finds (the last definition in the file) with the one a reader following
 * the cross-reference tables finds (record/xref-view.ts) and calls the record INVALID when they
 * differ. Before (red team, session 12), the companion read the listed record, found it the
 * same as the one sent, and signed a file the receiving school's verifier shows as INVALID.
 * Runs `checkAndPrepare` (the worker's code) on the main thread, with real crafted files.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSoftwareSigner, readAttachedRecord } from '@hocba/shared/pdf';
import { requireRecord } from '@hocba/shared/record';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClass } from '../../../shared/src/generator/index.js';
import {
  asciiJson,
  portalRecordPdf,
  recordHiddenBetweenRevisions,
} from '../../../shared/test/verify/red-team-5-files.js';
import { secondRecordAttached } from '../../../shared/test/verify/red-team-6-files.js';
import { makeTestPki } from '../../../test/pki/index.mjs';
import { loadDejaVuFonts } from '../../src/signing/default-engine.js';
import { checkAndPrepare, type PrepareInput } from '../../src/signing/pdf-prepare.js';

// As the main thread hands it over: validated by the format's parser.
const record = requireRecord(generateClass({ seed: 4, grade: 5, size: 1, defectRate: 0 }).records[0]);
const checked = asciiJson(record);
const other = asciiJson({ ...record, student: { ...record.student, fullName: 'Trần Văn Khác' } });

let input: Omit<PrepareInput, 'attachRecord'>;
beforeAll(async () => {
  const pki = await makeTestPki(join(tmpdir(), 'hocba-record-two-ways-pki'));
  const signer = await createSoftwareSigner({
    privateKey: pki.signers.gvcn.keyPem,
    certificate: pki.signers.gvcn.certPem,
    chain: [pki.ca.certPem],
  });
  const identity = { certificate: signer.certificate, chain: signer.chain, algorithms: signer.algorithms };
  input = { role: 'gvcn', identity, time: new Date(), font: loadDejaVuFonts().regular };
}, 60_000);

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

describe('a portal PDF whose record reads two ways is not signed', () => {
  it('the record attached once: prepared (with the record sent, or without)', async () => {
    const pdf = portalRecordPdf(checked);
    expect(await codeOf(checkAndPrepare(pdf, input))).toBe('ok');
    expect(await codeOf(checkAndPrepare(pdf, { ...input, attachRecord: record }))).toBe('ok');
  });

  const files: [string, () => Uint8Array][] = [
    ['defined again by an update its xref does not list', () => recordHiddenBetweenRevisions(checked, other)],
    ['attached twice, another pupil in `ban-sao.json` after it', () => secondRecordAttached(checked, other)],
  ];
  for (const [what, make] of files)
    it(`the record ${what}: RECORD_READS_TWO_WAYS, though the companion's reader sees the record sent`, async () => {
      const pdf = make();
      // What the companion's own reader shows: the record sent, so the old check let it through.
      const shown = JSON.parse(new TextDecoder().decode(readAttachedRecord(pdf)));
      expect(shown.student.fullName).toBe(record.student.fullName);
      const error = await checkAndPrepare(pdf, { ...input, attachRecord: record }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'RECORD_READS_TWO_WAYS' });
      expect((error as { vi: string }).vi).toContain('không được ký');
      expect((error as { details: { reasonEn: string } }).details.reasonEn).toMatch(
        /cross-reference|different records/,
      );
      // Without a record sent (a principal's or a teacher's signature on the portal's file): the same.
      expect(await codeOf(checkAndPrepare(pdf, input))).toBe('RECORD_READS_TWO_WAYS');
    });
});

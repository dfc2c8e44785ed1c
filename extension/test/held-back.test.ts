/**
 * The sign window with nothing to sign says why, group by group: each held-back disposition
 * is counted once, an overridden record is not held back, the earlier signers a record
 * waits for are named, and an empty session says so.
 */
import type { SignatureRole } from '@hocba/shared/roles';
import { describe, expect, it } from 'vitest';
import { heldBackReasons, type JudgedLike } from '../src/pages/sign/held-back.js';
import type { Disposition } from '../src/pages/sign/inspect.js';

let n = 0;
const doc = (disposition: Disposition, signedRoles: SignatureRole[] = []): JudgedLike => ({
  doc: { docId: `d${++n}` },
  inspection: { signedRoles },
  disposition,
});

describe('why nothing can be signed', () => {
  it('an empty session: nothing was sent', () => {
    expect(heldBackReasons([], 'gvcn', new Set())).toEqual([{ reason: 'empty' }]);
  });

  it('every group counted, in the order a signer acts on them', () => {
    const judged = [
      doc('blocked'),
      doc('mismatch'),
      doc('alreadySigned', ['gvcn', 'principal']),
      doc('waiting', []),
      doc('waiting', ['gvcn']),
      doc('review'),
      doc('review'),
    ];
    expect(heldBackReasons(judged, 'seal', new Set())).toEqual([
      { reason: 'review', count: 2 },
      { reason: 'waiting', count: 2, earlierRoles: ['gvcn', 'principal'] },
      { reason: 'already', count: 1, role: 'seal' },
      { reason: 'mismatch', count: 1 },
      { reason: 'blocked', count: 1 },
    ]);
  });

  it('the principal waiting for the homeroom teacher; an overridden record is no longer held back', () => {
    const waiting = [doc('waiting'), doc('waiting')];
    expect(heldBackReasons(waiting, 'principal', new Set())).toEqual([
      { reason: 'waiting', count: 2, earlierRoles: ['gvcn'] },
    ]);
    const review = doc('review');
    expect(heldBackReasons([review, doc('review')], 'gvcn', new Set([review.doc.docId]))).toEqual([
      { reason: 'review', count: 1 },
    ]);
  });

  it('documents still being read or to be sent are not reasons', () => {
    expect(
      heldBackReasons(
        [doc('send'), { doc: { docId: 'p' }, inspection: undefined, disposition: 'pending' }],
        'gvcn',
        new Set(),
      ),
    ).toEqual([]);
  });
});

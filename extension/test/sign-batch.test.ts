/**
 * The sign page's batch logic: parts cut by count and size (a grade of PDFs does not fit one
 * companion message), and the outcome when the connection drops mid-batch: every file
 * signed before is kept and reported, the rest is listed with the reason.
 */
import { createHash } from 'node:crypto';
import { HocbaError } from '@hocba/shared/errors';
import { LIMITS } from '@hocba/shared/protocol';
import { describe, expect, it } from 'vitest';
import type { SessionDocument } from '../src/background/sign-sessions.js';
import type { CompanionClient } from '../src/companion/client.js';
import { PART_BYTES, planParts, signDocuments } from '../src/pages/sign/sign-batch.js';

/** SHA-256 of '%PDF' (base64 JVBERg==), the content every fake document carries. */
const PDF_SHA256 = createHash('sha256').update('%PDF').digest('hex');

const doc = (i: number, bytes: number): SessionDocument => ({
  docId: `d${i}`,
  name: `Học sinh ${i}`,
  kind: 'pdf',
  bytes,
  sha256: PDF_SHA256,
});

describe('planParts', () => {
  it('keeps a class of 35 small PDFs in one part', () => {
    const parts = planParts(Array.from({ length: 35 }, (_, i) => doc(i, 700_000)));
    expect(parts.map((p) => p.length)).toEqual([35]);
  });

  it('cuts a grade of 150 PDFs of 700 KB (base64) by size, each part under the bound', () => {
    const parts = planParts(Array.from({ length: 150 }, (_, i) => doc(i, 700_000)));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flat().map((d) => d.docId)).toEqual(Array.from({ length: 150 }, (_, i) => `d${i}`));
    for (const part of parts) expect(part.reduce((n, d) => n + d.bytes, 0)).toBeLessThanOrEqual(PART_BYTES);
  });

  it('cuts by count when documents are tiny, and gives an oversized document its own part', () => {
    const tiny = planParts(Array.from({ length: 450 }, (_, i) => doc(i, 10)));
    expect(tiny.map((p) => p.length)).toEqual([LIMITS.documentsPerMessage, LIMITS.documentsPerMessage, 50]);
    const big = planParts([doc(1, 10), doc(2, PART_BYTES + 1), doc(3, 10)]);
    expect(big.map((p) => p.map((d) => d.docId))).toEqual([['d1'], ['d2'], ['d3']]);
  });
});

describe('signDocuments', () => {
  it('keeps what was signed when the connection drops mid-batch and lists the rest with the reason', async () => {
    const documents = Array.from({ length: 10 }, (_, i) => doc(i, 100));
    const lost = new HocbaError('COMPANION_CLOSED', { vi: 'Mất kết nối', en: 'Connection lost' });
    const client = {
      async request(message: { documents: { docId: string }[] }, onProgress: (e: unknown) => void) {
        for (const d of message.documents.slice(0, 4)) {
          onProgress({
            type: 'progress',
            docId: d.docId,
            status: 'signed',
            pdfBase64: 'JVBERg==',
            sha256: 'ab',
          });
        }
        throw lost;
      },
    } as unknown as CompanionClient;
    const loaded: string[][] = [];
    const outcome = await signDocuments(client, {
      batchId: 'b1',
      serial: 'S',
      certificateId: '01',
      role: 'principal',
      documents,
      load: async (ids) => {
        loaded.push(ids);
        return ids.map((docId) => ({ docId, pdfBase64: 'JVBERg==' }));
      },
      onProgress: () => undefined,
      notSentReason: { vi: 'Chưa ký', en: 'Not signed' },
    });
    expect(loaded).toHaveLength(1);
    expect(outcome.status).toBe('failed');
    expect(outcome.signed.map((f) => f.docId)).toEqual(['d0', 'd1', 'd2', 'd3']);
    expect(outcome.notSigned.map((n) => n.docId)).toEqual(['d4', 'd5', 'd6', 'd7', 'd8', 'd9']);
    expect(outcome.notSigned[0]?.error).toEqual({ vi: 'Mất kết nối', en: 'Connection lost' });
  });

  it('reports a document the portal tab no longer holds instead of sending an empty one', async () => {
    let sent = 0;
    const client = {
      async request() {
        sent++;
        throw new Error('must not be sent');
      },
    } as unknown as CompanionClient;
    const outcome = await signDocuments(client, {
      batchId: 'b2',
      serial: 'S',
      certificateId: '01',
      role: 'gvcn',
      documents: [doc(1, 100)],
      load: async () => [],
      onProgress: () => undefined,
      notSentReason: { vi: 'Chưa ký', en: 'Not signed' },
    });
    expect(sent).toBe(0);
    expect(outcome.notSigned[0]?.error.vi).toContain('Không lấy được học bạ của Học sinh 1');
  });

  it('refuses a document whose content is not what the list showed (SHA-256), and sends nothing', async () => {
    let sent = 0;
    const client = {
      async request() {
        sent++;
        throw new Error('must not be sent');
      },
    } as unknown as CompanionClient;
    const outcome = await signDocuments(client, {
      batchId: 'b3',
      serial: 'S',
      certificateId: '01',
      role: 'principal',
      documents: [doc(1, 100), doc(2, 100)],
      // The second document changed between listing and signing.
      load: async (ids) =>
        ids.map((docId) => ({ docId, pdfBase64: docId === 'd2' ? 'JVBERi0=' : 'JVBERg==' })),
      onProgress: () => undefined,
      notSentReason: { vi: 'Chưa ký', en: 'Not signed' },
    });
    expect(sent).toBe(0);
    expect(outcome.signed).toHaveLength(0);
    expect(outcome.notSigned.map((n) => n.error.vi)).toEqual([
      expect.stringContaining('Học bạ của Học sinh 2 không còn đúng như trong danh sách đã xem'),
      expect.stringContaining('Học bạ của Học sinh 2 không còn đúng như trong danh sách đã xem'),
    ]);
  });

  it('keeps the level of each signed file, passes the B-B choice, and keeps the TIMESTAMP_UNREACHABLE code', async () => {
    const sent: Record<string, unknown>[] = [];
    const client = {
      async request(
        message: Record<string, unknown> & { documents: { docId: string }[] },
        onProgress: (e: unknown) => void,
      ) {
        sent.push(message);
        const [first, ...rest] = message.documents;
        if (!message.withoutTimestamp) {
          const unreachable = {
            code: 'TIMESTAMP_UNREACHABLE',
            message: { vi: 'Không lấy được dấu thời gian', en: 'No time-stamp' },
          };
          return {
            type: 'sign.result',
            status: 'failed',
            signed: [],
            notSigned: [
              { docId: first!.docId, error: unreachable },
              ...rest.map((d) => ({
                docId: d.docId,
                error: { code: 'NOT_REACHED', message: { vi: 'x', en: 'x' } },
              })),
            ],
          };
        }
        for (const d of message.documents)
          onProgress({
            type: 'progress',
            docId: d.docId,
            status: 'signed',
            pdfBase64: 'JVBERg==',
            sha256: 'ab',
            level: 'B-B',
          });
        return {
          type: 'sign.result',
          status: 'completed',
          signed: message.documents.map((d) => d.docId),
          notSigned: [],
        };
      },
    } as unknown as CompanionClient;
    const options = {
      batchId: 'b2',
      serial: 'S',
      certificateId: '01',
      role: 'gvcn' as const,
      documents: [doc(1, 10), doc(2, 10)],
      load: async (ids: string[]) => ids.map((docId) => ({ docId, pdfBase64: 'JVBERg==' })),
      onProgress: () => undefined,
      notSentReason: { vi: 'Chưa ký', en: 'Not signed' },
    };
    const down = await signDocuments(client, options);
    expect(down.notSigned.map((n) => n.code)).toEqual(['TIMESTAMP_UNREACHABLE', 'NOT_REACHED']);
    expect(sent[0]!.withoutTimestamp).toBeUndefined();
    const bb = await signDocuments(client, { ...options, withoutTimestamp: true });
    expect(sent[1]!.withoutTimestamp).toBe(true);
    expect(bb.signed.map((f) => f.level)).toEqual(['B-B', 'B-B']);
  });
});

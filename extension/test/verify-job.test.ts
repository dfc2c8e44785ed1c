/**
 * The verify page's worker plumbing: a file that outlives the time limit gets its worker
 * terminated and is refused as tooComplex; the next file gets a fresh worker; a worker
 * that errors is replaced too. Fake workers stand in for the browser's (the real one runs
 * in the verify-page e2e story).
 */
import type { DocumentReport } from '@hocba/shared/verify';
import { describe, expect, it } from 'vitest';
import { createVerifier } from '../src/pages/verify/verify-files.js';
import type { VerifyJob, VerifyJobResult, WorkerLike } from '../src/pages/verify/verify-job.js';

type Behaviour = 'answer' | 'hang' | 'crash' | 'noload';

function fakeWorkers(behaviours: Behaviour[]) {
  const started: { terminated: boolean }[] = [];
  const start = (): WorkerLike => {
    const state = { terminated: false };
    started.push(state);
    const loads = behaviours[0] !== 'noload';
    if (loads) setTimeout(() => worker.onmessage?.({ data: { ready: true } } as MessageEvent), 0);
    const worker: WorkerLike = {
      onmessage: null,
      onerror: null,
      terminate: () => {
        state.terminated = true;
      },
      postMessage(job: VerifyJob) {
        const behaviour = behaviours.shift() ?? 'answer';
        if (behaviour === 'hang') return;
        if (behaviour === 'noload') {
          setTimeout(() => worker.onerror?.({ message: 'cannot load' } as ErrorEvent), 1);
          return;
        }
        setTimeout(() => {
          if (state.terminated) return;
          if (behaviour === 'crash') worker.onerror?.({ message: 'boom' } as ErrorEvent);
          else
            worker.onmessage?.({
              data: {
                id: job.id,
                report: { verdict: 'valid', size: job.bytes.length } as unknown as DocumentReport,
              },
            } as MessageEvent<VerifyJobResult>);
        }, 5);
      },
    };
    return worker;
  };
  return { start, started };
}

const platform = (start: () => WorkerLike) => ({
  kind: 'extension' as const,
  extraAnchors: async () => [],
  startVerifyWorker: start,
});

describe('verify in a worker with a time limit', () => {
  it('a file past the limit is refused as tooComplex, its worker terminated, the next file verified by a new one', async () => {
    const workers = fakeWorkers(['hang', 'answer']);
    const verifier = createVerifier(platform(workers.start), 100);
    const t0 = Date.now();
    expect(await verifier.verify('bomb.pdf', new Uint8Array(3))).toMatchObject({
      state: 'refused',
      reason: 'tooComplex',
    });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(workers.started).toHaveLength(1);
    expect(workers.started[0]?.terminated).toBe(true);
    expect(await verifier.verify('ok.pdf', new Uint8Array(5))).toMatchObject({
      state: 'done',
      report: { verdict: 'valid', size: 5 },
      verifiedIn: 'worker',
    });
    expect(workers.started).toHaveLength(2);
  });

  it('a crashed worker: the file is refused, the worker replaced; a healthy one is reused', async () => {
    const workers = fakeWorkers(['crash', 'answer', 'answer']);
    const verifier = createVerifier(platform(workers.start), 1000);
    expect(await verifier.verify('a.pdf', new Uint8Array(1))).toMatchObject({ state: 'refused' });
    expect(await verifier.verify('b.pdf', new Uint8Array(1))).toMatchObject({ state: 'done' });
    expect(await verifier.verify('c.pdf', new Uint8Array(1))).toMatchObject({ state: 'done' });
    expect(workers.started).toHaveLength(2);
  });

  it('a browser that cannot load the worker: files are verified on the page instead, not refused', async () => {
    const workers = fakeWorkers(['noload']);
    const verifier = createVerifier(platform(workers.start), 1000);
    const result = await verifier.verify('not-a-pdf.pdf', new TextEncoder().encode('không phải PDF'));
    expect(result).toMatchObject({ state: 'done', verifiedIn: 'page' });
    expect(workers.started).toHaveLength(1);
    await verifier.verify('again.pdf', new Uint8Array(1));
    expect(workers.started).toHaveLength(1); // not tried again
  });

  it('a browser that refuses to construct the worker (it throws): verified on the page, never stuck', async () => {
    let tries = 0;
    const verifier = createVerifier(
      platform(() => {
        tries++;
        throw new DOMException('blocked by the page policy', 'SecurityError');
      }),
      1000,
    );
    const result = await verifier.verify('x.pdf', new TextEncoder().encode('không phải PDF'));
    expect(result).toMatchObject({ state: 'done', verifiedIn: 'page' });
    await verifier.verify('y.pdf', new Uint8Array(1));
    expect(tries).toBe(1);
  });

  it('files sent together run one after another, each with its own limit', async () => {
    const workers = fakeWorkers(['answer', 'hang', 'answer']);
    const verifier = createVerifier(platform(workers.start), 100);
    const results = await Promise.all(['1', '2', '3'].map((n) => verifier.verify(n, new Uint8Array(1))));
    expect(results.map((r) => r.state)).toEqual(['done', 'refused', 'done']);
  });
});

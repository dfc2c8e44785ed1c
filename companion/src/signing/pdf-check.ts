/**
 * Portal PDFs are read first in a worker thread with a time limit and a heap limit, so a
 * hostile file (one the reader's budgets did not foresee) costs at most that, answers with
 * a typed error, and never blocks the companion's event loop or kills it by OOM. One worker
 * is reused document after document; one that runs out of time or memory is terminated and
 * the next document gets a fresh one.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HocbaError } from '@hocba/shared/errors';
import { pdfError } from '@hocba/shared/pdf';
import type { CheckRequest, CheckResponse } from './pdf-check-worker.js';
import type { PreparedInWorker, PrepareInput } from './pdf-prepare.js';

export const PDF_CHECK_TIME_LIMIT_MS = 20_000;
export const PDF_CHECK_HEAP_MB = 512;

/** The worker's built file; run from the TypeScript sources (tests), the one tsc built beside them. */
function workerFile(): URL {
  const here = new URL('./pdf-check-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL(here.href.replace('/companion/src/', '/companion/dist/'));
}

export class PdfChecker {
  private worker: Worker | undefined;
  private nextId = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    public limitMs = PDF_CHECK_TIME_LIMIT_MS,
    private readonly heapMb = PDF_CHECK_HEAP_MB,
    /** The stamp's font, for `prepare` (handed to each worker once, when it starts). */
    private readonly font?: Uint8Array,
  ) {}

  /**
   * Resolves when signing can read the PDF; rejects with a typed error otherwise.
   * `readRecord: false` when signing will not read the attached record (it is then not
   * inflated here either: that was a third of the check's time).
   */
  async check(bytes: Uint8Array, options: { readRecord?: boolean } = {}): Promise<void> {
    await this.enqueue(bytes, options.readRecord ?? true, undefined);
  }

  /**
   * The check, then the signature prepared from the same reading, both in the worker within
   * its limits: the main thread gets the bytes to sign without parsing the PDF itself.
   * Rejects with the check's typed errors, or preparing's (order, lock, certificate...).
   */
  async prepare(
    bytes: Uint8Array,
    input: Omit<PrepareInput, 'font'>,
    /** The caller will not read `bytes` again: moved to the worker (detached) rather than copied. */
    handOver = false,
  ): Promise<PreparedInWorker> {
    if (!this.font) throw new Error('PdfChecker.prepare needs the stamp font');
    const prepared = await this.enqueue(bytes, true, input, handOver);
    if (!prepared) throw pdfError('PDF_MALFORMED', { reason: 'the reader gave no prepared signature' });
    return prepared;
  }

  private enqueue(
    bytes: Uint8Array,
    readRecord: boolean,
    prepare: CheckRequest['prepare'],
    handOver = false,
  ): Promise<PreparedInWorker | undefined> {
    const run = this.queue.then(() => this.checkOne(bytes, readRecord, prepare, handOver));
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    const worker = new Worker(workerFile(), {
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
      workerData: { font: this.font },
      // The built worker loads the built shared package: not the TypeScript `source` export
      // condition a test runner may have set for the main thread.
      execArgv: process.execArgv.filter((arg) => !/^(-C|--conditions)(=|$)/.test(arg) && arg !== 'source'),
    });
    // An idle checker never keeps the companion (or `hocba sign`) alive.
    worker.unref();
    return worker;
  }

  private checkOne(
    bytes: Uint8Array,
    readRecord: boolean,
    prepare: CheckRequest['prepare'],
    handOver: boolean,
  ): Promise<PreparedInWorker | undefined> {
    this.worker ??= this.start();
    const worker = this.worker;
    const id = ++this.nextId;
    // Referenced while it works (so `hocba sign` waits for it), unreferenced when idle.
    worker.ref();
    return new Promise<PreparedInWorker | undefined>((resolve, reject) => {
      const done = (error: HocbaError | undefined, kill: boolean, prepared?: PreparedInWorker) => {
        clearTimeout(timer);
        worker.unref();
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (kill) {
          void worker.terminate();
          if (this.worker === worker) this.worker = undefined;
        }
        if (error) reject(error);
        else resolve(prepared);
      };
      const onMessage = (response: CheckResponse) => {
        if (response.id !== id) return;
        if (response.ok) return done(undefined, false, response.prepared);
        const e = response.error;
        done(
          'code' in e
            ? new HocbaError(e.code, e.message, e.details)
            : pdfError('PDF_MALFORMED', { reason: e.reason.slice(0, 200) }),
          false,
        );
      };
      const onError = (error: Error) => {
        const memory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        done(
          memory
            ? pdfError('PDF_LIMIT', { reason: `reading it needs more than ${this.heapMb} MB` })
            : pdfError('PDF_MALFORMED', { reason: error.message.slice(0, 200) }),
          true,
        );
      };
      const onExit = () => done(pdfError('PDF_MALFORMED', { reason: 'the reader stopped' }), true);
      const timer = setTimeout(
        () =>
          done(
            pdfError('PDF_LIMIT', { reason: `reading it takes longer than ${this.limitMs / 1000} s` }),
            true,
          ),
        this.limitMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      // The worker gets its own copy, moved rather than cloned (one copy instead of two);
      // none when the caller hands over bytes that own their whole buffer. Otherwise a copy,
      // never a view: `Buffer#slice` shares the caller's memory, which moving would detach.
      const own =
        handOver &&
        bytes.buffer instanceof ArrayBuffer &&
        bytes.byteOffset === 0 &&
        bytes.byteLength === bytes.buffer.byteLength;
      const moved = own ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
      const request: CheckRequest = { id, bytes: moved, readRecord, ...(prepare ? { prepare } : {}) };
      worker.postMessage(request, [moved.buffer]);
    });
  }
}

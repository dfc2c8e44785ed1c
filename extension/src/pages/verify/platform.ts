/**
 * What differs between the verify page inside the extension and the standalone file a
 * school opens from disk. Everything else (components, ZIP reading, the report) is shared.
 */
import type { WorkerLike } from './verify-job.js';

export interface VerifyPlatform {
  /** 'extension': admin anchors from policy/settings; 'standalone': roots loaded for this session. */
  kind: 'extension' | 'standalone';
  /** Anchors on top of the bundled Vietnamese roots (PEM text). */
  extraAnchors(): Promise<string[]>;
  /**
   * Only the standalone file: the reader loads a root certificate for this session (it has
   * no settings page and no policy). Absent inside the extension, where IT adds roots in settings.
   */
  addSessionAnchor?(pem: string): void;
  /**
   * Starts the worker that verifies off the page's thread, with a time limit (verify-job.ts):
   * a module worker beside the extension page; in the standalone file (one HTML file opened
   * from disk) a worker built into the file and started from a Blob URL. Only a browser that
   * cannot run it verifies on the page (the reader's budgets still hold).
   */
  startVerifyWorker?(): WorkerLike;
  /**
   * Only the extension: a file a portal page handed over ("Xác minh" beside an attachment),
   * verified on opening like a dropped file. Its name says which page it came from.
   */
  handedFiles?(): Promise<File[]>;
}

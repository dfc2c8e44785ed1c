/** What the verify page lists: a card per PDF or ZIP, as it is opened and verified. */
import type { ArchiveErrorCode, ArchiveSkip } from './record-archive.js';
import type { FileResult } from './verify-files.js';

/** One card on the page: a PDF (picked, or from inside a ZIP), or the ZIP it came from. */
export type PageItem =
  | { id: number; kind: 'file'; result: FileResult; bytes?: Uint8Array }
  | {
      id: number;
      kind: 'archive';
      name: string;
      state: 'opening' | 'opened' | 'refused';
      pdfCount: number;
      skipped: ArchiveSkip[];
      error?: ArchiveErrorCode | 'tooLarge' | 'unreadable';
    };

export type ArchiveItem = Extract<PageItem, { kind: 'archive' }>;

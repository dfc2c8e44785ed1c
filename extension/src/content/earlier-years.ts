/**
 * The pupil's earlier years, for the teacher's check. The portal's table shows one school
 * year; the whole record (the portal's PDF with the record JSON we embed, or its JSON) is
 * fetched once per row with the teacher's session, bounded in size, count and time, and
 * handed to the service worker, which reads and checks it (background/table-checks.ts: the
 * PDF reader, the record schema and the rules stay out of the page). Only for showing
 * findings: nothing read here is signed or sent on, so a page that lies about its links can
 * only mislead its own check.
 */
import type { PortalAdapter } from '../adapters/types.js';
import {
  type EarlierRecord,
  MAX_RECORD_JSON_BYTES,
  MAX_RECORD_PDF_BYTES,
  type RecordAnswer,
} from '../background/content-messages.js';
import { toBase64 } from './base64.js';
import { extensionApi } from './extension-api.js';
import type { StudentRow } from './read-table.js';

const MAX_ROWS = 200;
const PARALLEL = 3;
const TIMEOUT_MS = 15_000;

async function fetchRecord(adapter: PortalAdapter, url: string): Promise<EarlierRecord | null> {
  const response = await fetch(url, { credentials: 'include', signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) return null;
  const kind = adapter.record?.kind === 'pdf-link' ? 'pdf' : 'json';
  const limit = kind === 'pdf' ? MAX_RECORD_PDF_BYTES : MAX_RECORD_JSON_BYTES;
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limit) return null;
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) return null;
  const answer = (await extensionApi.runtime
    .sendMessage({ type: 'check.record', kind, base64: toBase64(bytes) })
    .catch(() => null)) as RecordAnswer | null;
  return answer?.ok ? answer.record : null;
}

/** Whole records by row, loaded in the background; a row without one is checked on its year alone. */
export class EarlierYears {
  private readonly records = new Map<string, EarlierRecord | null>();
  private loading: Promise<void> | null = null;

  constructor(private readonly adapter: PortalAdapter) {}

  get(row: StudentRow): EarlierRecord | undefined {
    return row.recordUrl ? (this.records.get(row.recordUrl) ?? undefined) : undefined;
  }

  /** Loads the records not loaded yet; resolves when done (never rejects). */
  load(rows: readonly StudentRow[]): Promise<void> {
    if (!this.adapter.record) return Promise.resolve();
    const urls = [...new Set(rows.flatMap((r) => (r.recordUrl ? [r.recordUrl] : [])))]
      .filter((url) => !this.records.has(url))
      .slice(0, MAX_ROWS);
    if (urls.length === 0) return this.loading ?? Promise.resolve();
    const before = this.loading ?? Promise.resolve();
    const queue = [...urls];
    for (const url of urls) this.records.set(url, null);
    const worker = async () => {
      for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        try {
          this.records.set(url, await fetchRecord(this.adapter, url));
        } catch {
          this.records.set(url, null); // unreachable, too slow, not a record: this year alone
        }
      }
    };
    // Whoever waits waits for every record asked for so far, not only the newest ones.
    const run = Promise.all([before, ...Array.from({ length: PARALLEL }, worker)]).then(() => undefined);
    this.loading = run;
    return run;
  }
}

/**
 * At start: the audit line of every journaled file the log lacks (killed between journal
 * and audit), and a record of archived files no journal names (killed between archive and
 * journal; the document was signed again on resume, but this file exists and is kept).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Archive } from '../../archive/index.js';
import type { AuditLog } from '../../audit/index.js';
import { auditFields, type BatchJournal } from './journal.js';
import { sha256Hex } from './sha256.js';

export function rollForward(
  journal: BatchJournal,
  archive: Archive,
  audit: AuditLog,
): { recovered: number; unrecorded: number } {
  let recovered = 0;
  let unrecorded = 0;
  const named = new Set<string>();
  for (const file of journal.files()) {
    for (const e of journal.readFile(file).entries) {
      named.add(e.archived);
      if (audit.hasSigned(e.batchId, e.docId, e.sha256)) continue;
      audit.append({ event: 'document.signed', ...auditFields(e), recovered: true });
      recovered++;
    }
  }
  const root = archive.root;
  const files = existsSync(root) ? (readdirSync(root, { recursive: true }) as string[]) : [];
  for (const file of files) {
    if (!file.endsWith('.pdf') || file.split(sep).at(-1)!.startsWith('.')) continue;
    const rel = relative(root, join(root, file));
    if (named.has(rel) || audit.mentionsArchived(rel)) continue;
    audit.append({
      event: 'archive.unrecorded',
      archived: rel,
      sha256: sha256Hex(readFileSync(join(root, rel))),
    });
    unrecorded++;
  }
  return { recovered, unrecorded };
}

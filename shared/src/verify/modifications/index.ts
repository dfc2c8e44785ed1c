/**
 * What happened after a signature: each incremental update after the signed revision is
 * compared with the revision before it, structure by structure, and every change is named
 * (Vietnamese first) and judged by a named rule (rules/, one file each; README.md beside this
 * file is the rule set; pyHanko's difference analysis and EU DSS's change categories are the
 * references). Stricter than the DocMDP permissions on purpose: an annotation drawn over the
 * page changes what a reader sees even when /P 3 would permit it (shadow attacks).
 *
 * This file only orders the rules: later rules read what earlier ones accounted for.
 */
import { dictOf, type ParsedDocument } from '../document/objects.js';
import { type Change, judge, type ModificationReport } from './change.js';
import { acroform } from './rules/acroform.js';
import { annotations } from './rules/annotations.js';
import { catalog } from './rules/catalog.js';
import { applyDocMdp } from './rules/docmdp.js';
import { dss } from './rules/dss.js';
import { duplicateObjects } from './rules/duplicate-objects.js';
import { formFields } from './rules/form-fields.js';
import { metadata } from './rules/metadata.js';
import { pageContent } from './rules/page-content.js';
import { pageTree } from './rules/page-tree.js';
import { shownContentGuard } from './rules/shown-content-guard.js';
import { trailingBytes } from './rules/trailing-bytes.js';
import { unexplained } from './rules/unexplained.js';
import { unreferenced } from './rules/unreferenced.js';
import { updateXref } from './rules/update-xref.js';
import { Update } from './update.js';

export type { Change, ChangeKind, ModificationReport, RuleName } from './change.js';

/**
 * Classifies the updates after `signedRevision`. `docMdp` is the certification level of the
 * signature (`/Reference` DocMDP `/P`): 1 forbids even later signatures (PAdES still allows
 * /DSS and document time-stamps), 2 and 3 allow form filling.
 */
export function classifyModifications(
  doc: ParsedDocument,
  signedRevision: number,
  docMdp?: number,
): ModificationReport {
  const changes: Change[] = [];
  const last = doc.revisions.length - 1;
  for (let r = signedRevision + 1; r <= last; r++) changes.push(...revisionChanges(doc, r));
  for (const c of changes) applyDocMdp(c, docMdp);
  judge(trailingBytes, doc, last + 1, changes);
  const status = changes.some((c) => c.verdict === 'DISALLOWED')
    ? 'DISALLOWED'
    : changes.length > 0 || last > signedRevision
      ? 'ALLOWED'
      : 'NONE';
  return { status, laterRevisions: Math.max(0, last - signedRevision), changes };
}

/**
 * What revision `r` changed does not depend on which signature asks (each signature applies
 * its own DocMDP level after): with three signatures the last update was compared twice.
 * Kept per document, handed out as copies (applyDocMdp edits them).
 */
const classified = new WeakMap<ParsedDocument, Map<number, Change[]>>();

function revisionChanges(doc: ParsedDocument, r: number): Change[] {
  let byRevision = classified.get(doc);
  if (!byRevision) {
    byRevision = new Map();
    classified.set(doc, byRevision);
  }
  let changes = byRevision.get(r);
  if (!changes) {
    changes = classifyRevision(doc, r);
    byRevision.set(r, changes);
  }
  return changes.map((c) => ({ ...c, message: { ...c.message } }));
}

function classifyRevision(doc: ParsedDocument, r: number): Change[] {
  const u = new Update(doc, r);
  // The file's structure first: every definition in the update must be the one compared.
  u.apply(updateXref, u);
  u.apply(duplicateObjects, u);
  // The document's own structure, then the form and its fields.
  u.apply(catalog, u);
  u.apply(acroform, u);
  u.apply(formFields, u);
  // Pages: the same pages in the same order; on each page kept, its content and annotations.
  u.apply(pageTree, u);
  const { oldPages, newPages } = u;
  newPages.pages.forEach((pageNum, index) => {
    if (!oldPages.pages.includes(pageNum)) return;
    const page = {
      u,
      pageNum,
      pageNo: index + 1,
      signedRects: u.signedRectsOn(pageNum),
      oldPage: dictOf(u.before.object(pageNum)?.value),
      newPage: dictOf(u.after.object(pageNum)?.value),
    };
    u.apply(pageContent, page);
    u.apply(annotations, page);
  });
  // What may always be added: validation data and metadata.
  u.apply(dss, u);
  u.apply(metadata, u);
  // A new signature's appearance is the signature's (unless the guard finds the pages drew it).
  for (const n of u.sigAppearances)
    if (u.across.changed.has(n) && !u.across.covered.has(n)) u.explained.add(n);
  u.apply(shownContentGuard, u);
  u.apply(unexplained, u);
  u.apply(unreferenced, u);
  return u.changes;
}

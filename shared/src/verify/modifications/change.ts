/**
 * What the difference analysis reports, and the one interface every rule has. A rule looks
 * at one subject (the whole update, one form field, one page, one new signature widget) and
 * names what it finds through `add`; the rule's name goes with each change so a reader sees
 * which rule let it pass or refused it (pyHanko's `diff_analysis` rules, by name).
 */
import type { Bilingual } from '../../errors/index.js';

export type ChangeKind =
  | 'SIGNATURE'
  | 'DOCUMENT_TIMESTAMP'
  | 'SIGNATURE_FIELD'
  | 'DSS'
  | 'METADATA'
  | 'FORM'
  | 'FORM_FILL'
  | 'PAGE_CONTENT'
  | 'PAGES'
  | 'ANNOTATION'
  | 'CATALOG'
  | 'UNREFERENCED'
  | 'UNEXPLAINED'
  | 'TRAILING_BYTES';

/** The rules, by name: one file each under rules/ (README.md beside this file lists them). */
export type RuleName =
  | 'update-xref'
  | 'duplicate-objects'
  | 'catalog'
  | 'acroform'
  | 'form-fields'
  | 'form-field-creation'
  | 'signature-field-creation'
  | 'field-actions'
  | 'signature-field-modification'
  | 'signature-value'
  | 'form-field-fill'
  | 'page-tree'
  | 'page-content'
  | 'annotations'
  | 'signature-widget'
  | 'dss'
  | 'metadata'
  | 'shown-content-guard'
  | 'unexplained'
  | 'unreferenced'
  | 'trailing-bytes'
  | 'docmdp';

export interface Change {
  kind: ChangeKind;
  verdict: 'ALLOWED' | 'DISALLOWED';
  /** Revision index (0 = original file) where the change is. */
  revision: number;
  object?: number;
  /** Technical detail, English (kept for existing consumers). */
  detail: string;
  /** The change named for a reader, Vietnamese first. */
  message: Bilingual;
  /** The rule that judged the change (DocMDP when the certification level overruled it). */
  rule: RuleName;
}

export interface ModificationReport {
  status: 'NONE' | 'ALLOWED' | 'DISALLOWED';
  /** Incremental updates after the signed revision. */
  laterRevisions: number;
  changes: Change[];
}

/** How a rule names a change; the rule's name and the revision are filled in for it. */
export type Add = (
  kind: ChangeKind,
  verdict: Change['verdict'],
  detail: string,
  message: Bilingual,
  object?: number,
) => void;

export interface Rule<Subject> {
  readonly name: RuleName;
  check(subject: Subject, add: Add): void;
}

/** Runs `rule` on `subject`; each change it names lands in `into` with the rule's name. */
export function judge<S>(rule: Rule<S>, subject: S, revision: number, into: Change[]): void {
  rule.check(subject, (kind, verdict, detail, message, object) => {
    const c = { kind, verdict, revision, detail, message } as Change;
    if (object !== undefined) c.object = object;
    c.rule = rule.name;
    into.push(c);
  });
}

/**
 * What `hocba verify` writes, as each report is ready: the text report, or the `--json`
 * document `{ "files": [...], "students": [...] }`, what `JSON.stringify(body, null, 2)` of
 * the whole would give (the characters a terminal would obey escaped, see terminalJson),
 * written one file at a time (nothing held to the end but the transfer-set identities, see
 * transferInput).
 *
 * Every character of it reaches a terminal: a file's name, a field's, a certificate's or the
 * record's words can carry ESC sequences (cursor up, erase line: a forged "hợp lệ" over
 * "KHÔNG HỢP LỆ") or direction overrides. The text report shows them as U+FFFD (safeText);
 * the JSON keeps them exactly, escaped as \uXXXX.
 */

import type { Writable } from 'node:stream';
import { enCount } from '@hocba/shared/errors';
import { ROLES } from '@hocba/shared/roles';
import {
  type DocumentReport,
  groupTransferSet,
  type SignatureReport,
  safeText,
  type TransferInput,
  transferInput,
  VERDICT_LEVEL_WORDS,
  vietnamTime,
} from '@hocba/shared/verify';

/** What JSON.stringify leaves raw but a terminal obeys or reorders by: DEL, C1, formats (bidi), separators. */
const TERMINAL_ACTIVE = /[\u007F-\u009F\u2028\u2029\p{Cf}]/gu;

/** JSON text with the characters of TERMINAL_ACTIVE escaped (JSON.parse reads back the same value). */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(TERMINAL_ACTIVE, (c) =>
    Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(
      '',
    ),
  );
}

/** The `--json` shape of one file (issue 5). */
export function jsonForFile(file: string, r: DocumentReport) {
  return {
    file,
    verdict: r.verdict,
    // Added (issue 17): four levels, and why a valid file is only "valid with warnings".
    level: r.level ?? null,
    verifiedAt: r.verifiedAt ?? null,
    warnings: (r.warnings ?? []).map((w) => ({
      code: w.code,
      message: w.message.vi,
      messageEn: w.message.en,
    })),
    reason: r.reason.vi,
    reasonEn: r.reason.en,
    modifiedAfterSigning: r.modifiedAfterSigning,
    signatures: r.signatures.map((s) => ({
      field: s.field,
      role: s.role,
      // Added: where the role comes from, and the field's claim beside the certificate's word.
      roleSource: s.roleSource,
      roleEvidence: s.roleEvidence ?? null,
      signer: s.signer ? { name: s.signer.name, organization: s.signer.organization, id: s.signer.id } : null,
      signedAt: s.signedAt,
      timeSource: s.timeSource,
      timestamp: s.timestamp,
      status: s.status,
      subIndication: s.subIndication,
      integrity: s.integrity.status,
      trust: s.trust.status,
      modifications: s.modifications.status,
      changes: s.modifications.changes,
      coversWholeDocument: s.coversWholeDocument,
      trustAnchor: s.trust.anchor,
      message: s.message,
    })),
    record: r.record,
    problems: r.problems.map((p) => ({ code: p.code, message: p.message.vi })),
  };
}

const VERDICT_WORDS: Record<DocumentReport['verdict'], string> = {
  valid: 'HỢP LỆ / valid',
  invalid: 'KHÔNG HỢP LỆ / invalid',
  indeterminate: 'CHƯA XÁC ĐỊNH / indeterminate',
};

/** Which time the verifier relied on, in words. */
const TIME_SOURCE_WORDS: Record<string, string> = {
  TIMESTAMP: 'dấu thời gian chứng thực / proven by a time-stamp',
  CLAIMED_CMS: 'thời điểm tự khai / claimed by the signer',
  CLAIMED_PDF: 'thời điểm tự khai (/M) / claimed by the signer (/M)',
  NONE: 'không có / none',
};

/** Where the role shown comes from, in words. */
const ROLE_SOURCE_WORDS: Record<string, string> = {
  MATCH: 'theo ô chữ ký và chứng thư số / field and certificate agree',
  CLAIMED_ONLY:
    'theo tên ô chữ ký, chứng thư không ghi chức vụ / from the field name only, the certificate has no title',
  CERTIFIED_ONLY: 'theo chứng thư số / from the certificate',
  MISMATCH: 'theo chứng thư số, KHÁC ô chữ ký / from the certificate, NOT the field',
};

/** The role line's head: the role's name and where it comes from, the field's own name for IT. */
function roleWords(s: SignatureReport): string {
  if (s.kind === 'DOCUMENT_TIMESTAMP') return `Dấu thời gian tài liệu / document time-stamp [${s.field}]`;
  const agreement = s.roleEvidence?.agreement;
  const role = s.role
    ? `${ROLES[s.role].label.vi} / ${ROLES[s.role].label.en}`
    : 'Không rõ vai trò / role unknown';
  const source = agreement ? ROLE_SOURCE_WORDS[agreement] : undefined;
  return `${role}${source ? ` (${source})` : ''} [${s.field}]`;
}

export function text(file: string, r: DocumentReport): string {
  const level = r.level ? VERDICT_LEVEL_WORDS[r.level] : undefined;
  const lines = [
    `${file}: ${level ? `${level.vi.toUpperCase()} / ${level.en.toLowerCase()}` : VERDICT_WORDS[r.verdict]}`,
    `  ${r.reason.vi}`,
    `  (${r.reason.en})`,
  ];
  for (const w of r.warnings ?? []) lines.push(`  ! ${w.message.vi}`, `    (${w.message.en})`);
  if (r.verifiedAt) lines.push(`  Thời điểm kiểm tra / verified as of: ${r.verifiedAt}`);
  for (const s of r.signatures) {
    const who = s.signer
      ? `${s.signer.name}${s.signer.id ? ` [${s.signer.id}]` : ''}${s.signer.organization ? `, ${s.signer.organization}` : ''}`
      : '?';
    lines.push(`  - ${roleWords(s)}: ${who}`);
    lines.push(
      `    ${s.status}${s.subIndication ? `/${s.subIndication}` : ''}; ${s.signedAt ? `${vietnamTime(s.signedAt)} giờ Việt Nam` : 'không rõ thời điểm'} (${TIME_SOURCE_WORDS[s.timeSource] ?? s.timeSource})`,
    );
    lines.push(`    ${s.message.vi}`);
    for (const c of s.modifications.changes.filter((x) => x.verdict === 'DISALLOWED'))
      lines.push(`    ! ${c.kind}: ${c.detail}`);
  }
  if (r.record) {
    const who = r.record.record ? `${r.record.record.student.fullName}` : r.record.file;
    lines.push(
      `  Học bạ đính kèm / record: ${who}, ${r.record.status}${r.record.signed ? '' : ' (KHÔNG được ký / not signed)'}; ${r.record.findings.length} vấn đề theo Thông tư 27 / ${enCount(r.record.findings.length, 'Thông tư 27 finding', 'Thông tư 27 findings')}`,
    );
  }
  for (const p of r.problems) lines.push(`  * ${p.code}: ${p.message.vi}`);
  // Each line made safe whole: the file's name comes from the disk, the rest from the file.
  return lines.map(safeText).join('\n');
}

const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);

/** One file's report as it will be written: rendered where it was verified (a worker thread). */
export interface RenderedReport {
  /** The text block, or the `--json` entry already indented for its place in `files`. */
  entry: string;
  valid: boolean;
  /** For the transfer-set summary: only files that carry a record. */
  identity: TransferInput | null;
}

export function renderReport(file: string, report: DocumentReport, json: boolean): RenderedReport {
  return {
    entry: json ? indent(terminalJson(jsonForFile(file, report)), '    ') : text(file, report),
    valid: report.verdict === 'valid',
    identity: report.record?.record ? transferInput(file, report) : null,
  };
}

/** Writes reports in order as they come, then the transfer-set summary; returns the exit code. */
export class ReportSink {
  private count = 0;
  private allValid = true;
  private readonly identities: TransferInput[] = [];

  constructor(
    private readonly json: boolean,
    private readonly out: Writable = process.stdout,
  ) {}

  add(r: RenderedReport): void {
    if (!r.valid) this.allValid = false;
    if (r.identity) this.identities.push(r.identity);
    if (this.json) this.out.write(`${this.count === 0 ? '{\n  "files": [\n    ' : ',\n    '}${r.entry}`);
    else this.out.write(`${this.count === 0 ? '' : '\n\n'}${r.entry}`);
    this.count++;
  }
  /** Ends the document; the exit code: 0 when every file is valid and every student consistent. */
  async end(): Promise<number> {
    // Several files with records: a transfer set, grouped by student.
    const students = this.identities.length > 1 ? groupTransferSet(this.identities) : [];
    let tail: string;
    if (this.json) {
      tail = this.count === 0 ? '{\n  "files": []' : '\n  ]';
      if (students.length > 0) tail += `,\n  "students": ${indent(terminalJson(students), '  ')}`;
      tail += '\n}\n';
    } else {
      tail = '';
      if (students.length > 0)
        tail += `${this.count === 0 ? '' : '\n\n'}${['Học sinh / students:', ...students.map((s) => `  ${safeText(s.message.vi)}`)].join('\n')}`;
      tail += '\n';
    }
    await new Promise<void>((resolve) => this.out.write(tail, () => resolve()));
    return this.allValid && students.every((s) => s.status === 'CONSISTENT') ? 0 : 1;
  }
}

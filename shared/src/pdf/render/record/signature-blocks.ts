/**
 * The signature blocks at the foot of each year (GVCN, Hiệu trưởng, con dấu) and, on the
 * last year, the empty signature fields the signers fill later (the seal's field locks the
 * record from the start).
 */
import { type PDFDocument, PDFHexString, PDFName, type PDFRef } from 'pdf-lib';
import {
  type HocBaRecord,
  type SchoolYearRecord,
  type SignatureSlot,
  schoolOfYear,
} from '../../../record/index.js';
import { ROLES, SIGNATURE_ROLES, type SignatureRole } from '../../../roles/index.js';
import { delegationCapacity } from '../../capacity.js';
import { CONTENT_WIDTH, type Flow, MARGIN, wrapText } from '../layout.js';
import { viDate } from './text.js';

/** Where each role's signature field sits (page index from 0, rect in points). */
export type SignatureFieldPlaces = Record<
  SignatureRole,
  { page: number; rect: [number, number, number, number] }
>;

/**
 * The heading of a signature block. A delegated approval reads, as Vietnamese official
 * documents do, "KT. HIỆU TRƯỞNG" over the deputy's title ("PHÓ HIỆU TRƯỞNG").
 */
export function blockHeading(role: SignatureRole, slot: SignatureSlot): [string, string | undefined] {
  const capacity = role === 'principal' ? delegationCapacity(slot) : undefined;
  return capacity ? capacity.heading : [ROLES[role].blockTitle.vi, undefined];
}

const SIG_BLOCK_HEIGHT = 118;

/** The year's three blocks; on the last year, each block's field place is put in `fields`. */
export function signatureBlocks(
  flow: Flow,
  record: HocBaRecord,
  year: SchoolYearRecord,
  isLast: boolean,
  fields: Partial<SignatureFieldPlaces>,
): void {
  // Signature blocks: GVCN, Hiệu trưởng, con dấu. Only the last year's blocks get fields.
  flow.gap(6);
  flow.ensure(SIG_BLOCK_HEIGHT + 16);
  flow.drawLine(
    `${record.school.locality}, năm học ${year.schoolYear}`,
    MARGIN.left,
    flow.y - 10,
    CONTENT_WIDTH,
    {
      size: 9.5,
      align: 'right',
    },
  );
  flow.y -= 18;
  const w = CONTENT_WIDTH / 3;
  SIGNATURE_ROLES.forEach((role, i) => {
    const x = MARGIN.left + i * w;
    const slot = year.signatures[role];
    const [heading, deputy] = blockHeading(role, slot);
    flow.drawLine(heading, x, flow.y - 10, w, { size: 10, bold: true, align: 'center' });
    const hint = deputy ?? (role === 'seal' ? '(chữ ký số của nhà trường)' : '(ký số, ghi rõ họ tên)');
    flow.drawLine(
      hint,
      x,
      flow.y - 22,
      w,
      deputy
        ? { size: 10, bold: true, align: 'center' }
        : { size: 8, align: 'center', color: [0.35, 0.35, 0.35] },
    );
    const rect: [number, number, number, number] = [x + 6, flow.y - 100, x + w - 6, flow.y - 28];
    if (isLast) fields[role] = { page: flow.pageNumber - 1, rect };
    else if (slot.status === 'signed')
      flow.drawLine(`Đã ký số${slot.signedAt ? ` ngày ${viDate(slot.signedAt)}` : ''}`, x, flow.y - 64, w, {
        size: 9,
        align: 'center',
        color: [0.1, 0.3, 0.6],
      });
    const fallback =
      role === 'gvcn' ? year.homeroomTeacher : role === 'seal' ? schoolOfYear(record, year).name : '';
    const nameLines = wrapText(slot.name ?? fallback, flow.fonts.bold, 9.5, w - 8);
    nameLines.slice(0, 2).forEach((line, k) => {
      flow.drawLine(line, x, flow.y - 112 - k * 12, w, { size: 9.5, bold: true, align: 'center' });
    });
  });
  flow.y -= SIG_BLOCK_HEIGHT + 12;
}

/** The empty signature fields, one per role, in the AcroForm. */
export function addSignatureFields(doc: PDFDocument, fields: SignatureFieldPlaces): void {
  const ctx = doc.context;
  const pages = doc.getPages();
  const refs: PDFRef[] = [];
  for (const role of SIGNATURE_ROLES) {
    const f = fields[role];
    const page = pages[f.page]!;
    const [x1, y1, x2, y2] = f.rect;
    const ap = ctx.register(
      ctx.stream(new Uint8Array(), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, x2 - x1, y2 - y1] }),
    );
    const ref = ctx.register(
      ctx.obj({
        FT: 'Sig',
        T: PDFHexString.fromText(ROLES[role].fieldName),
        TU: PDFHexString.fromText(ROLES[role].blockTitle.vi),
        Type: 'Annot',
        Subtype: 'Widget',
        Rect: f.rect,
        F: 4,
        P: page.ref,
        AP: { N: ap },
        // The seal locks the record; the lock belongs to the field from the start, since a
        // validator (pyHanko) refuses a /Lock added to an existing field when it is signed.
        ...(role === 'seal' ? { Lock: { Type: 'SigFieldLock', Action: 'All', P: 1 } } : {}),
      }),
    );
    page.node.addAnnot(ref);
    refs.push(ref);
  }
  doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ Fields: refs, SigFlags: 0 }));
}

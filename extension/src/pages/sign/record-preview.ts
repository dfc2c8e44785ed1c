/**
 * The PDF the companion will sign for a record, rendered here with the same shared renderer
 * and the same fonts (rendering is deterministic), so the signer sees it before the PIN. Its
 * SHA-256 goes with the record: the companion renders its own and refuses any difference
 * (DOCUMENT_CHANGED), so what was previewed is what is signed.
 */
import { renderRecordPdf } from '@hocba/shared/pdf/render';
import { type HocBaRecord, requireRecord } from '@hocba/shared/record';
import regularUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url';
import boldUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url';

let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

async function bytesOf(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

function loadFonts() {
  fonts ??= Promise.all([bytesOf(regularUrl), bytesOf(boldUrl)]).then(([regular, bold]) => ({
    regular,
    bold,
  }));
  return fonts;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The unsigned PDF of a record as the companion will render it, or null when the record is not valid. */
export async function renderRecordPreview(
  record: unknown,
): Promise<{ pdf: Uint8Array; sha256: string } | null> {
  // The companion renders the record exactly as requireRecord gives it (text in NFC, keys in
  // schema order): the same call here, or a record typed in NFD would preview other bytes.
  let parsed: HocBaRecord;
  try {
    parsed = requireRecord(record);
  } catch {
    return null;
  }
  const { pdf } = await renderRecordPdf(parsed, { fonts: await loadFonts() });
  return { pdf, sha256: await sha256Hex(pdf) };
}

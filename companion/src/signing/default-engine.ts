/**
 * The engine `hocba serve` and `hocba sign` use: the shared PAdES engine (`signPdf` from
 * `@hocba/shared/pdf`: incremental update, CMS with ESS signingCertificateV2, role order,
 * seal lock, certificate checks before signing). Rendering a record is wired in when the
 * shared renderer lands; until then a record document fails with RENDERER_UNAVAILABLE.
 */
import { defineErrors } from '@hocba/shared/errors';
import { signPdf } from '@hocba/shared/pdf';
import type { SigningEngine } from './engine.js';

export const engineError = defineErrors({
  RENDERER_UNAVAILABLE: {
    vi: 'Bản này của chương trình ký chưa dựng được PDF từ dữ liệu học bạ; hãy gửi tệp PDF của cổng thông tin.',
    en: 'This companion build cannot render a record to PDF yet; send the portal’s PDF instead.',
  },
  ATTACH_UNSUPPORTED: {
    vi: 'Chưa hỗ trợ đính kèm dữ liệu học bạ vào tệp PDF của cổng; tài liệu không được ký.',
    en: 'Attaching the record to a portal PDF is not supported yet; the document was not signed.',
  },
});

export interface PdfEngineOptions {
  /** RFC 3161 time-stamp authority for PAdES B-T (none: B-B). */
  timestampUrl?: string;
  /** Renders a record to its unsigned PDF (the shared renderer). */
  renderRecord?: (record: Record<string, unknown>) => Promise<Uint8Array>;
}

export function pdfEngine(options: PdfEngineOptions = {}): SigningEngine {
  return {
    async renderRecord(record) {
      if (!options.renderRecord) throw engineError('RENDERER_UNAVAILABLE');
      return options.renderRecord(record);
    },
    async sign(pdf, { signer, role, algorithm, attachRecord }) {
      if (attachRecord) throw engineError('ATTACH_UNSUPPORTED');
      const result = await signPdf(pdf, {
        signer,
        role,
        ...(algorithm ? { algorithm } : {}),
        ...(options.timestampUrl ? { timestampUrl: options.timestampUrl } : {}),
      });
      return { pdf: result.pdf, algorithm: result.algorithm };
    },
  };
}

export async function defaultEngine(options: PdfEngineOptions = {}): Promise<SigningEngine> {
  return pdfEngine(options);
}

/** Record → the Thông tư 27 học bạ as PDF, with the record JSON attached. */
export { RECORD_ATTACHMENT_NAME, XMP_NAMESPACE } from './embed.js';
export {
  type RenderedRecordPdf,
  type RenderRecordOptions,
  recordJsonBytes,
  renderRecordPdf,
} from './record.js';

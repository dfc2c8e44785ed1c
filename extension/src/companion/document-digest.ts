/**
 * The SHA-256 of a document as the user saw it: the portal's PDF bytes, or the record's JSON
 * text. Computed in the portal tab when the documents are gathered, shown in the sign
 * window, and checked again when the sign window takes each document to send it: what is
 * signed is exactly what was listed.
 */
export async function documentDigest(doc: { kind: 'record' | 'pdf'; record?: unknown; pdfBase64?: string }) {
  const bytes =
    doc.kind === 'pdf'
      ? Uint8Array.from(atob(doc.pdfBase64 ?? ''), (c) => c.charCodeAt(0))
      : new TextEncoder().encode(JSON.stringify(doc.record));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

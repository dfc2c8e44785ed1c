import { createHash } from 'node:crypto';

/** SHA-256 in hex: how the journal, the audit log and the progress events name bytes. */
export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

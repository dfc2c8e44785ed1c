/** The `sign` request the extension sends, for tests that drive the companion's protocol. */
import { IDS } from './token.js';

/** One document per record, `docId` `${prefix}${i}`, named as the class list shows the pupil. */
export function recordDocuments(
  records: readonly Record<string, unknown>[],
  prefix: string,
  name: (i: number) => string = (i) => `Học sinh ${i}`,
) {
  return records.map((record, i) => ({ docId: `${prefix}${i}`, name: name(i), kind: 'record', record }));
}

/** The principal signing `documents` with the test token's principal certificate. */
export function principalSign(
  serial: string,
  id: string,
  batchId: string,
  documents: object[],
  options: { total?: number; algorithm?: string } = {},
) {
  return {
    type: 'sign',
    id,
    batchId,
    token: { serial },
    certificateId: IDS.principal,
    role: 'principal',
    ...(options.algorithm ? { algorithm: options.algorithm } : {}),
    total: options.total ?? documents.length,
    documents,
  };
}

import { describe, expect, it } from 'vitest';
import {
  base64UrlDecode,
  computeClientProof,
  computeServerProof,
  createAuth,
  decodePreAuthMessage,
  decodeRequest,
  decodeServerMessage,
  formatPairingCode,
  isExtensionOrigin,
  LIMITS,
  proofsEqual,
  randomToken,
} from '../../src/protocol/index.js';

const sign = (over: Record<string, unknown> = {}) => ({
  v: 1,
  type: 'sign',
  id: 'r1',
  batchId: 'b1',
  token: { serial: 'abc' },
  certificateId: '01',
  role: 'principal',
  total: 1,
  documents: [{ docId: 'd1', name: 'Nguyễn Thị Hoa', kind: 'record', record: { a: 1 } }],
  ...over,
});

describe('protocol decoding', () => {
  it('accepts a valid sign request and keeps its fields', () => {
    const decoded = decodeRequest(JSON.stringify(sign()));
    expect(decoded.status).toBe('ok');
    if (decoded.status === 'ok' && decoded.message.type === 'sign')
      expect(decoded.message.documents[0]?.name).toBe('Nguyễn Thị Hoa');
  });

  it('refuses an unknown field, with the request id', () => {
    const decoded = decodeRequest(JSON.stringify(sign({ postTo: 'https://evil.example/' })));
    expect(decoded).toMatchObject({ status: 'error', id: 'r1', error: { code: 'MESSAGE_INVALID' } });
  });

  it('refuses a bare hash: there is no document kind for it', () => {
    const decoded = decodeRequest(
      JSON.stringify(sign({ documents: [{ docId: 'd1', name: 'x', kind: 'hash', sha256: 'a'.repeat(64) }] })),
    );
    expect(decoded).toMatchObject({ status: 'error', error: { code: 'MESSAGE_INVALID' } });
  });

  it('refuses a batch over the per-batch bound and a part over the per-message bound', () => {
    expect(decodeRequest(JSON.stringify(sign({ total: LIMITS.documentsPerBatch + 1 })))).toMatchObject({
      status: 'error',
      error: { code: 'MESSAGE_INVALID' },
    });
    const docs = Array.from({ length: LIMITS.documentsPerMessage + 1 }, (_, i) => ({
      docId: `d${i}`,
      name: 'x',
      kind: 'record',
      record: {},
    }));
    expect(decodeRequest(JSON.stringify(sign({ total: 1000, documents: docs })))).toMatchObject({
      status: 'error',
      error: { code: 'MESSAGE_INVALID' },
    });
  });

  it('refuses duplicate document ids and an oversized record', () => {
    const dup = sign({
      total: 2,
      documents: [
        { docId: 'd1', name: 'x', kind: 'record', record: {} },
        { docId: 'd1', name: 'y', kind: 'record', record: {} },
      ],
    });
    expect(decodeRequest(JSON.stringify(dup))).toMatchObject({ error: { code: 'DUPLICATE_DOCUMENT_ID' } });
    const big = sign({
      documents: [
        { docId: 'd1', name: 'x', kind: 'record', record: { c: 'ệ'.repeat(LIMITS.recordJsonBytes / 2) } },
      ],
    });
    expect(decodeRequest(JSON.stringify(big))).toMatchObject({
      status: 'error',
      id: 'r1',
      error: { code: 'DOCUMENT_TOO_LARGE' },
    });
  });

  it('bounds pre-auth messages to 4 KiB and accepts only auth and pair there', () => {
    const huge = JSON.stringify({ v: 1, type: 'pair', id: 'p', code: 'x'.repeat(5000) });
    expect(decodePreAuthMessage(huge)).toMatchObject({
      status: 'error',
      error: { code: 'MESSAGE_TOO_LARGE' },
    });
    expect(decodePreAuthMessage(JSON.stringify({ v: 1, type: 'status', id: 's' }))).toMatchObject({
      status: 'error',
      id: 's',
      error: { code: 'MESSAGE_INVALID' },
    });
    expect(decodePreAuthMessage('{not json')).toMatchObject({
      status: 'error',
      error: { code: 'MESSAGE_NOT_JSON' },
    });
    expect(decodePreAuthMessage(JSON.stringify({ v: 2, type: 'auth', id: 'a' }))).toMatchObject({
      error: { code: 'VERSION_UNSUPPORTED' },
    });
  });

  it('errors carry Vietnamese first and English', () => {
    const decoded = decodeRequest('[');
    if (decoded.status !== 'error') throw new Error('expected an error');
    expect(decoded.error.toJSON().message.vi).toContain('JSON');
    expect(decoded.error.toJSON().message.en).toContain('JSON');
  });

  it('reads server messages strictly', () => {
    const ok = decodeServerMessage(
      JSON.stringify({ v: 1, type: 'logout.result', id: 'x', status: 'loggedOut' }),
    );
    expect(ok.status).toBe('ok');
    expect(
      decodeServerMessage(JSON.stringify({ v: 1, type: 'logout.result', id: 'x', status: 'maybe' })).status,
    ).toBe('error');
  });
});

describe('pairing proof', () => {
  const input = {
    secret: randomToken(),
    origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
    pairingId: 'p1',
    nonce: randomToken(),
    clientNonce: randomToken(),
  };

  it('is 32 bytes, deterministic, and differs between client and server', async () => {
    const a = await computeClientProof(input);
    expect(base64UrlDecode(a)).toHaveLength(32);
    expect(proofsEqual(a, await computeClientProof({ ...input }))).toBe(true);
    expect(proofsEqual(a, await computeServerProof(input))).toBe(false);
  });

  it('changes with the nonce, the origin and the secret', async () => {
    const a = await computeClientProof(input);
    expect(a).not.toBe(await computeClientProof({ ...input, nonce: randomToken() }));
    expect(a).not.toBe(
      await computeClientProof({ ...input, origin: 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba' }),
    );
    expect(a).not.toBe(await computeClientProof({ ...input, secret: randomToken() }));
  });

  it('knows extension origins from web origins', () => {
    expect(isExtensionOrigin('chrome-extension://abcdefghijklmnopabcdefghijklmnop')).toBe(true);
    expect(isExtensionOrigin('moz-extension://0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0')).toBe(true);
    expect(isExtensionOrigin('https://vnedu.vn')).toBe(false);
    expect(isExtensionOrigin('chrome-extension://abcdefghijklmnopabcdefghijklmnop.evil.com')).toBe(false);
    expect(formatPairingCode('k7qm4hxd')).toBe('K7QM-4HXD');
  });
});

describe('createAuth', () => {
  it('builds an auth message the schema accepts and the matching server proof', async () => {
    const secret = randomToken();
    const nonce = randomToken();
    const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const { message, expectedServerProof } = await createAuth({
      id: 'a1',
      pairingId: 'p-1',
      secret,
      origin,
      nonce,
    });
    expect(decodePreAuthMessage(JSON.stringify(message))).toMatchObject({
      status: 'ok',
      message: { type: 'auth' },
    });
    const input = { secret, origin, pairingId: 'p-1', nonce, clientNonce: message.clientNonce };
    expect(message.proof).toBe(await computeClientProof(input));
    expect(expectedServerProof).toBe(await computeServerProof(input));
  });
});

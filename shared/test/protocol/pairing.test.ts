/** The pairing exchange's primitives: both sides agree only with the same code and transcript. */
import { describe, expect, it } from 'vitest';
import {
  decodePreAuthMessage,
  decodeServerMessage,
  ephemeralKey,
  PAIRING_KDF_MAX_ITERATIONS,
  type PairingTranscript,
  pairingProof,
  pairingSalt,
  pairingSecret,
  randomToken,
  stretchPairingCode,
} from '../../src/protocol/index.js';

const ITERATIONS = 100_000;

async function exchange(code: string) {
  const client = await ephemeralKey();
  const server = await ephemeralKey();
  const transcript: PairingTranscript = {
    origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
    nonce: randomToken(),
    clientNonce: randomToken(),
    clientKey: client.publicKey,
    serverKey: server.publicKey,
    salt: pairingSalt(),
    iterations: ITERATIONS,
  };
  return { client, server, transcript, k: await stretchPairingCode(code, transcript.salt, ITERATIONS) };
}

describe('pairing by mutual proof of the code', () => {
  it('the same code, however typed, gives the same proofs and the same secret on both sides', async () => {
    const { client, server, transcript, k } = await exchange('K7QM4HXD');
    const typed = await stretchPairingCode('k7qm-4hxd ', transcript.salt, ITERATIONS);
    expect(await pairingProof(typed, 'server', transcript)).toBe(await pairingProof(k, 'server', transcript));
    const secretClient = await pairingSecret(typed, client, transcript.serverKey, transcript);
    const secretServer = await pairingSecret(k, server, transcript.clientKey, transcript);
    expect(secretClient).toBe(secretServer);
    expect(secretClient).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The two directions' proofs differ: one cannot be reflected as the other.
    expect(await pairingProof(k, 'client', transcript)).not.toBe(await pairingProof(k, 'server', transcript));
  });

  it('a different code, origin or nonce gives a different proof', async () => {
    const { transcript, k } = await exchange('K7QM4HXD');
    const proof = await pairingProof(k, 'server', transcript);
    const wrong = await stretchPairingCode('K7QM4HXE', transcript.salt, ITERATIONS);
    expect(await pairingProof(wrong, 'server', transcript)).not.toBe(proof);
    expect(
      await pairingProof(k, 'server', {
        ...transcript,
        origin: 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba',
      }),
    ).not.toBe(proof);
    expect(await pairingProof(k, 'server', { ...transcript, nonce: randomToken() })).not.toBe(proof);
  });

  it('refuses a peer key that is not a P-256 point', async () => {
    const { client, transcript, k } = await exchange('K7QM4HXD');
    await expect(pairingSecret(k, client, 'A'.repeat(87), transcript)).rejects.toThrow();
  });

  it('the messages: no code field any more, iterations bounded for the extension', async () => {
    expect(
      decodePreAuthMessage(JSON.stringify({ v: 1, type: 'pair', id: 'p', code: 'K7QM-4HXD' })),
    ).toMatchObject({
      status: 'error',
    });
    const { server } = await exchange('K7QM4HXD');
    const challenge = {
      v: 1,
      type: 'pair.challenge',
      id: 'p',
      salt: randomToken(),
      iterations: 300_000,
      serverKey: server.publicKey,
      serverProof: randomToken(),
    };
    expect(decodeServerMessage(JSON.stringify(challenge)).status).toBe('ok');
    // A squatter cannot make the extension stretch for minutes.
    expect(
      decodeServerMessage(JSON.stringify({ ...challenge, iterations: PAIRING_KDF_MAX_ITERATIONS + 1 }))
        .status,
    ).toBe('error');
    expect(decodeServerMessage(JSON.stringify({ ...challenge, secret: randomToken() })).status).toBe('error');
  });
});

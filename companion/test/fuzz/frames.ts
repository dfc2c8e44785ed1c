/**
 * The `companion-frames` fuzz target: a companion server started in this process (port 0, a
 * temporary data directory, no token module, no signing engine), a client paired and
 * authenticated over a real WebSocket, then one malformed frame per input: the companion
 * suite's seeded frame generator (support/fuzz.ts) or the protocol target's mutated messages
 * (shared/test/fuzz), as text or binary frames.
 *
 * Contract: every frame gets an answer on the same connection, a typed error with a catalogued
 * code (the one the protocol decoder gives), both languages and the request id when one was
 * readable; the connection never closes; and every 500 frames a valid request still gets its
 * answer. Memory is bounded by the runner's heap limit over the whole run (the suite
 * server/fuzz.test.ts measures the heap over 10,000 frames).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeRequest, protocolError } from '@hocba/shared/protocol';
import { type Json, jsonText, mutateJson } from '../../../shared/test/fuzz/mutate-json.js';
import { rand } from '../../../shared/test/fuzz/random.js';
import { loadConfig } from '../../src/config/index.js';
import { PairingStore } from '../../src/pairing/index.js';
import { startCompanion } from '../../src/server/index.js';
import { EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { fuzzer } from '../support/fuzz.js';

const KNOWN_CODES = new Set(Object.keys(protocolError.catalog));
const deepRecord = readFileSync(new URL('../fixtures/deep-record.json', import.meta.url), 'utf8').trim();

/**
 * The runner's contract failure (it knows one by its name: the shared targets module, with
 * the verifier's WebCrypto types, is not part of the companion's type check).
 */
class FuzzFailure extends Error {
  override readonly name = 'FuzzFailure';
}

function fail(what: string, detail?: string): never {
  throw new FuzzFailure(detail === undefined ? what : `${what}: ${detail}`);
}

/** The FuzzTarget shape of shared/test/fuzz/targets.ts. */
interface Target<C> {
  readonly name: string;
  readonly about: string;
  setup(options: { small: boolean }): Promise<C>;
  input(ctx: C, seed: number): Uint8Array;
  run(ctx: C, input: Uint8Array): Promise<void>;
}

interface FramesContext {
  client: TestClient;
  close: () => Promise<void>;
  sent: number;
}

/** Requests after authentication, to be mutated as JSON (the protocol target's way). */
const REQUESTS: Json[] = [
  { v: 1, type: 'status', id: 's1' },
  { v: 1, type: 'listTokens', id: 'l1' },
  { v: 1, type: 'logout', id: 'o1' },
  { v: 1, type: 'cancel', id: 'c1', batchId: 'b1' },
  { v: 1, type: 'login', id: 'g1', token: { serial: 'S1' }, pin: '12345678' },
  {
    v: 1,
    type: 'sign',
    id: 'x1',
    batchId: 'b1',
    token: { serial: 'S1' },
    certificateId: '01',
    role: 'principal',
    level: 'B-T',
    total: 1,
    documents: [
      { docId: 'd2', name: 'Trần Văn B', kind: 'pdf', pdfBase64: 'JVBERi0xLjcK', sha256: 'a'.repeat(64) },
    ],
  },
];

/** Frames the decoder refuses (a valid request would go on to a token or a signer: not this target). */
function invalid(data: string | Uint8Array): boolean {
  return decodeRequest(data).status === 'error';
}

export const companionFramesTarget: Target<FramesContext> = {
  name: 'companion-frames',
  about: 'malformed frames to a started companion over a paired, authenticated WebSocket',
  async setup() {
    const dataDir = mkdtempSync(join(tmpdir(), 'hocba-fuzz-frames-'));
    const engine = {
      async renderRecord(): Promise<never> {
        throw new Error('fuzz: no engine');
      },
      async sign(): Promise<never> {
        throw new Error('fuzz: no engine');
      },
    };
    const config = loadConfig({ dataDir, port: 0, module: '/nonexistent/libnone.so' }, {});
    const companion = await startCompanion({ config, engine, version: '0.0.0-fuzz' } as never);
    const pairing = new PairingStore(dataDir).add(EXTENSION_ORIGIN, 'fuzz');
    const client = await TestClient.open(companion.port);
    const auth = await client.auth(pairing);
    if (auth.type !== 'auth.result')
      throw new Error(`fuzz: could not authenticate (${JSON.stringify(auth)})`);
    return {
      client,
      close: async () => {
        client.close();
        await companion.close();
      },
      sent: 0,
    };
  },
  input(_ctx, seed) {
    const r = rand(seed);
    // [1 = binary frame, 0 = text] + the frame's bytes.
    for (let tries = 0; tries < 20; tries++) {
      let binary: boolean;
      let bytes: Uint8Array;
      if (r.chance(0.5)) {
        const frame = fuzzer(seed * 31 + tries, deepRecord)();
        binary = typeof frame.data !== 'string';
        bytes =
          typeof frame.data === 'string' ? new TextEncoder().encode(frame.data) : new Uint8Array(frame.data);
      } else {
        bytes = new TextEncoder().encode(jsonText(mutateJson(r.pick(REQUESTS), r), r));
        binary = r.chance(0.3);
        // Now and then bytes that are not UTF-8 (only a binary frame can carry them).
        if (binary && r.chance(0.3)) bytes[r.int(bytes.length)] = 0x80 + r.int(128);
      }
      const data = binary ? bytes : new TextDecoder().decode(bytes);
      if (!invalid(data)) continue;
      const out = new Uint8Array(bytes.length + 1);
      out[0] = binary ? 1 : 0;
      out.set(bytes, 1);
      return out;
    }
    return new TextEncoder().encode('\u0000{');
  },
  async run(ctx, input) {
    const binary = input[0] === 1;
    const data = binary ? Buffer.from(input.subarray(1)) : new TextDecoder().decode(input.subarray(1));
    const expected = decodeRequest(binary ? new Uint8Array(input.subarray(1)) : (data as string));
    if (expected.status !== 'error') return; // a valid request: not this target's
    ctx.client.ws.send(data);
    const answer = (await Promise.race([
      ctx.client.next(),
      ctx.client.closed.then((c) => ({ type: 'closed', ...c })),
    ])) as Record<string, unknown> & {
      type: string;
      id?: unknown;
      error?: { code: string; message: { vi: string; en: string } };
    };
    if (answer.type === 'closed')
      throw new FuzzFailure(`the companion closed the connection: ${JSON.stringify(answer)}`);
    if (answer.type !== 'error' || !answer.error)
      fail('an answer that is not an error', JSON.stringify(answer).slice(0, 300));
    if (!KNOWN_CODES.has(answer.error.code)) fail('an unknown error code', answer.error.code);
    if (answer.error.code !== expected.error.code)
      fail(`answered ${answer.error.code} where the decoder says ${expected.error.code}`);
    const { vi, en } = answer.error.message ?? {};
    if (typeof vi !== 'string' || vi.length < 10 || typeof en !== 'string' || en.length < 10)
      fail('an error without both languages', JSON.stringify(answer.error));
    if ((answer.id ?? null) !== expected.id)
      fail('the wrong id echoed', `${String(answer.id)} vs ${expected.id}`);
    if (++ctx.sent % 500 === 0) {
      const ok = await ctx.client.request({ type: 'logout', id: `alive-${ctx.sent}` });
      if (ok.type !== 'logout.result')
        fail('a valid request after malformed frames got no answer', JSON.stringify(ok));
    }
  },
};

export const TARGETS = { 'companion-frames': companionFramesTarget };

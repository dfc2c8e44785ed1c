/**
 * Which browser extensions may talk to the companion. A pairing is an extension origin with
 * a random 32-byte secret; it comes from a one-time code (`hocba pair` opens a window of a
 * few minutes, the user types the code in the extension's options; both sides then prove
 * they know it without sending it, see shared/src/protocol/pairing.ts) or from the admin's
 * configuration file. Stored in `<dataDir>/pairings.json` (mode 0600); the window in
 * `<dataDir>/pairing-window.json`, which the running companion reads at each connection.
 */
import { pbkdf2, randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defineErrors } from '@hocba/shared/errors';
import {
  base64UrlDecode,
  normalizePairingCode,
  PAIRING_CODE_ALPHABET,
  PAIRING_KDF_ITERATIONS,
  pairingSalt,
  randomToken,
} from '@hocba/shared/protocol';
import { writeFileAtomic } from '../archive/index.js';
import type { ProvisionedPairing } from '../config/index.js';

export interface Pairing {
  id: string;
  origin: string;
  secret: string;
  label: string | undefined;
  createdAt: string;
  /** 'code': paired with a one-time code; 'config': provisioned by the admin's configuration. */
  source: 'code' | 'config';
}

export interface PairingWindow {
  code: string;
  expiresAt: string;
  /** PBKDF2 salt and iterations of this window's code (shared/src/protocol/pairing.ts). */
  salt: string;
  iterations: number;
}

/**
 * Wrong code proofs one extension origin may make in a window. Counted per origin, so a
 * stranger guessing under other origins does not lock the teacher's extension out (it can
 * still lock out the origin it pretends to be: the user then runs `hocba pair` again).
 */
export const MAX_FAILURES_PER_ORIGIN = 5;
/**
 * All wrong proofs in one window, whatever their origins (origins are free to invent):
 * past this the window closes. Bounds online guessing to 1,000 of 30^8 ≈ 6.6·10^11 codes.
 */
export const MAX_FAILURES_PER_WINDOW = 1000;

export const pairingError = defineErrors({
  PAIRINGS_INVALID: {
    vi: 'Tệp ghép nối {path} bị hỏng ({reason}). Chạy "hocba doctor" để xem cách sửa; tệp được giữ nguyên.',
    en: 'The pairings file {path} is broken ({reason}). Run "hocba doctor" for how to fix it; the file is left as it is.',
  },
});

const isStoredPairing = (p: unknown): p is Omit<Pairing, 'source'> =>
  typeof p === 'object' &&
  p !== null &&
  typeof (p as Pairing).id === 'string' &&
  typeof (p as Pairing).origin === 'string' &&
  typeof (p as Pairing).secret === 'string';

export type AttemptCheck = 'allowed' | 'exhausted' | 'closed';

export class PairingStore {
  constructor(
    readonly dataDir: string,
    private readonly provisioned: readonly ProvisionedPairing[] = [],
  ) {}

  private get file(): string {
    return join(this.dataDir, 'pairings.json');
  }

  private get windowFile(): string {
    return join(this.dataDir, 'pairing-window.json');
  }

  /**
   * The pairings made with a code. A file that does not parse, or holds something else, is a
   * typed PAIRINGS_INVALID (the doctor names it); it is never rewritten over, since what is in
   * it may be all a school's pairings.
   */
  private readStored(): Pairing[] {
    if (!existsSync(this.file)) return [];
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw pairingError('PAIRINGS_INVALID', {
        path: this.file,
        reason: String((error as Error).message ?? error),
      });
    }
    const list =
      typeof data === 'object' && data !== null ? ((data as { pairings?: unknown }).pairings ?? []) : data;
    if (!Array.isArray(list) || !list.every(isStoredPairing))
      throw pairingError('PAIRINGS_INVALID', { path: this.file, reason: 'not a list of pairings' });
    return list.map((p) => ({ ...p, source: 'code' as const }));
  }

  /**
   * What the running companion admits by: every pairing, or, when pairings.json is broken,
   * the configured ones alone (the doctor says what is wrong; the server keeps serving).
   */
  private usable(): Pairing[] {
    try {
      return this.list();
    } catch {
      return this.list({ storedToo: false });
    }
  }

  private writeStored(pairings: Pairing[]): void {
    writeFileAtomic(this.file, `${JSON.stringify({ pairings }, null, 2)}\n`, 0o600);
  }

  /** Every pairing, configured ones first. */
  list({ storedToo = true }: { storedToo?: boolean } = {}): Pairing[] {
    const configured = this.provisioned.map(
      (p, i): Pairing => ({
        id: p.id ?? `config-${i + 1}`,
        origin: p.origin,
        secret: p.secret,
        label: p.label,
        createdAt: '',
        source: 'config',
      }),
    );
    return [...configured, ...(storedToo ? this.readStored() : [])];
  }

  findById(id: string): Pairing | undefined {
    return this.usable().find((p) => p.id === id);
  }

  isPairedOrigin(origin: string): boolean {
    return this.usable().some((p) => p.origin === origin);
  }

  /** Pairs an origin with a fresh secret; a previous pairing of the same origin is replaced. */
  add(origin: string, label?: string, now = new Date(), secret: string = randomToken()): Pairing {
    const pairing: Pairing = {
      id: `p-${randomBytes(6).toString('hex')}`,
      origin,
      secret,
      label,
      createdAt: now.toISOString(),
      source: 'code',
    };
    this.writeStored([...this.readStored().filter((p) => p.origin !== origin), pairing]);
    return pairing;
  }

  /** Revokes by id or origin. Configured pairings are removed from the config file instead. */
  revoke(idOrOrigin: string): Pairing[] {
    const stored = this.readStored();
    const removed = stored.filter((p) => p.id === idOrOrigin || p.origin === idOrOrigin);
    if (removed.length) this.writeStored(stored.filter((p) => !removed.includes(p)));
    return removed;
  }

  /** Opens a pairing window: a new one-time code, valid `minutes`. */
  openWindow(minutes: number, now = new Date()): PairingWindow {
    let code = '';
    for (let i = 0; i < 8; i++) code += PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)];
    const window: PairingWindow = {
      code,
      expiresAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
      salt: pairingSalt(),
      iterations: PAIRING_KDF_ITERATIONS,
    };
    writeFileAtomic(this.windowFile, JSON.stringify(window), 0o600);
    return window;
  }

  closeWindow(): void {
    rmSync(this.windowFile, { force: true });
  }

  /** The open window, or undefined when none is open (or it expired, or is not one we can use). */
  window(now = new Date()): PairingWindow | undefined {
    if (!existsSync(this.windowFile)) return undefined;
    try {
      const window = JSON.parse(readFileSync(this.windowFile, 'utf8')) as PairingWindow;
      if (typeof window.salt !== 'string' || !Number.isInteger(window.iterations)) return undefined;
      const failures = this.failures.get(window.salt);
      if (new Date(window.expiresAt) <= now || (failures?.total ?? 0) >= MAX_FAILURES_PER_WINDOW) {
        this.closeWindow();
        return undefined;
      }
      return window;
    } catch {
      return undefined;
    }
  }

  /**
   * Wrong proofs per window (keyed by its salt), in memory: nothing a stranger does costs a
   * disk write, and a restart (which strangers cannot cause) only forgets the counts.
   */
  private readonly failures = new Map<string, { total: number; byOrigin: Map<string, number> }>();
  private key: { salt: string; k: Promise<Uint8Array> } | undefined;

  /** May this origin try a code in the open window? */
  checkAttempt(origin: string, now = new Date()): AttemptCheck {
    const window = this.window(now);
    if (!window) return 'closed';
    const count = this.failures.get(window.salt)?.byOrigin.get(origin) ?? 0;
    return count >= MAX_FAILURES_PER_ORIGIN ? 'exhausted' : 'allowed';
  }

  /** Counts a wrong code proof against its origin (and the window's total). */
  recordFailure(window: PairingWindow, origin: string): void {
    let entry = this.failures.get(window.salt);
    if (!entry) {
      // Only the current window matters: older ones are closed.
      this.failures.clear();
      entry = { total: 0, byOrigin: new Map() };
      this.failures.set(window.salt, entry);
    }
    entry.total++;
    // Origins are bounded by the total (at most MAX_FAILURES_PER_WINDOW entries).
    entry.byOrigin.set(origin, (entry.byOrigin.get(origin) ?? 0) + 1);
    if (entry.total >= MAX_FAILURES_PER_WINDOW) this.closeWindow();
  }

  /**
   * K, the window's code stretched (PBKDF2-SHA256, on libuv's thread pool, not the event
   * loop), computed once per window however many strangers ask.
   */
  windowKey(window: PairingWindow): Promise<Uint8Array> {
    if (this.key?.salt !== window.salt) {
      const k = new Promise<Uint8Array>((resolve, reject) =>
        pbkdf2(
          normalizePairingCode(window.code),
          base64UrlDecode(window.salt),
          window.iterations,
          32,
          'sha256',
          (error, key) => (error ? reject(error) : resolve(new Uint8Array(key))),
        ),
      );
      this.key = { salt: window.salt, k };
    }
    return this.key.k;
  }

  /** Closes the window if it is still the one with this salt: a code pairs one extension. */
  consumeWindow(salt: string, now = new Date()): boolean {
    const window = this.window(now);
    if (!window || window.salt !== salt) return false;
    this.closeWindow();
    return true;
  }
}

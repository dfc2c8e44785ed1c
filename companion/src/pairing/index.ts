/**
 * Which browser extensions may talk to the companion. A pairing is an extension origin with
 * a random 32-byte secret; it comes from a one-time code (`hocba pair` opens a window of a
 * few minutes, the user types the code in the extension's options) or from the admin's
 * configuration file. Stored in `<dataDir>/pairings.json` (mode 0600); the window in
 * `<dataDir>/pairing-window.json`, which the running companion reads at each connection.
 */
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { normalizePairingCode, PAIRING_CODE_ALPHABET, randomToken } from '@hocba/shared/protocol';
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
  failures: number;
}

/** Wrong codes allowed before a pairing window closes (8 characters of 30: guessing is hopeless anyway). */
export const MAX_CODE_FAILURES = 5;

export type CodeCheck = 'accepted' | 'rejected' | 'closed';

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

  private readStored(): Pairing[] {
    if (!existsSync(this.file)) return [];
    const data = JSON.parse(readFileSync(this.file, 'utf8')) as { pairings?: Pairing[] };
    return (data.pairings ?? []).map((p) => ({ ...p, source: 'code' as const }));
  }

  private writeStored(pairings: Pairing[]): void {
    writeFileAtomic(this.file, `${JSON.stringify({ pairings }, null, 2)}\n`, 0o600);
  }

  /** Every pairing, configured ones first. */
  list(): Pairing[] {
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
    return [...configured, ...this.readStored()];
  }

  findById(id: string): Pairing | undefined {
    return this.list().find((p) => p.id === id);
  }

  isPairedOrigin(origin: string): boolean {
    return this.list().some((p) => p.origin === origin);
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
      failures: 0,
    };
    writeFileAtomic(this.windowFile, JSON.stringify(window), 0o600);
    return window;
  }

  closeWindow(): void {
    rmSync(this.windowFile, { force: true });
  }

  /** The open window, or undefined when none is open (or it expired). */
  window(now = new Date()): PairingWindow | undefined {
    if (!existsSync(this.windowFile)) return undefined;
    try {
      const window = JSON.parse(readFileSync(this.windowFile, 'utf8')) as PairingWindow;
      if (new Date(window.expiresAt) <= now || window.failures >= MAX_CODE_FAILURES) {
        this.closeWindow();
        return undefined;
      }
      return window;
    } catch {
      return undefined;
    }
  }

  /** Checks a code once: a match consumes the window; a miss counts towards closing it. */
  checkCode(code: string, now = new Date()): CodeCheck {
    const window = this.window(now);
    if (!window) return 'closed';
    const given = Buffer.from(normalizePairingCode(code));
    const expected = Buffer.from(window.code);
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      this.closeWindow();
      return 'accepted';
    }
    const failures = window.failures + 1;
    if (failures >= MAX_CODE_FAILURES) this.closeWindow();
    else writeFileAtomic(this.windowFile, JSON.stringify({ ...window, failures }), 0o600);
    return 'rejected';
  }
}

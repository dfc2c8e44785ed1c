/**
 * Where the companion is and how we prove we are paired with it: storage.local (set by the
 * options page after pairing) or managed policy (pre-provisioned by IT, which wins).
 */
import { DEFAULT_COMPANION_PORT } from '@hocba/shared/protocol';
import browser from 'webextension-polyfill';

export interface Pairing {
  pairingId: string;
  secret: string;
}

export interface CompanionSettings {
  port: number;
  pairing: Pairing | null;
  source: 'managed' | 'local' | 'none';
  /** True when IT's policy sets the port: the policy wins, so the settings page must not offer to change it. */
  portManaged: boolean;
}

function asPairing(value: unknown): Pairing | null {
  if (typeof value !== 'object' || value === null) return null;
  const { pairingId, secret } = value as Record<string, unknown>;
  return typeof pairingId === 'string' && typeof secret === 'string' ? { pairingId, secret } : null;
}

async function managed(): Promise<Record<string, unknown>> {
  try {
    return (await browser.storage.managed.get(['companionPort', 'pairing'])) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export async function companionSettings(): Promise<CompanionSettings> {
  const [policy, local] = await Promise.all([
    managed(),
    browser.storage.local.get(['companionPort', 'pairing']),
  ]);
  const portValue = policy.companionPort ?? local.companionPort;
  const port =
    typeof portValue === 'number' && portValue > 0 && portValue < 65536 ? portValue : DEFAULT_COMPANION_PORT;
  const portManaged = policy.companionPort !== undefined && policy.companionPort !== null;
  const fromPolicy = asPairing(policy.pairing);
  if (fromPolicy) return { port, pairing: fromPolicy, source: 'managed', portManaged };
  const fromLocal = asPairing(local.pairing);
  return { port, pairing: fromLocal, source: fromLocal ? 'local' : 'none', portManaged };
}

export async function savePairing(pairing: Pairing): Promise<void> {
  await browser.storage.local.set({ pairing });
}

/** The extension's own origin as the companion sees it (no trailing slash). */
export function extensionOrigin(): string {
  return browser.runtime.getURL('').replace(/\/$/, '');
}

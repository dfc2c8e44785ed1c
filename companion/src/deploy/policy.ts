/**
 * `hocba policy`: ready policy files for one school, so IT force-installs the extension and
 * pre-provisions its settings (managed storage, `extension/managed-schema.json`) in Chrome,
 * Edge, Cốc Cốc and Firefox, plus the companion side of the same pairing. A pairing is an
 * (extension origin, id, secret) triple: the browsers get id and secret by policy, every
 * school PC's companion gets the same triple in its config.json `pairings`, and the companion
 * then accepts the extension's proof without a pairing code.
 *
 * Firefox: the extension's origin there is moz-extension://<a UUID Firefox draws per profile>,
 * so no pairing can be provisioned for it in advance; Firefox gets the force-install and the
 * other managed settings, and is paired once per profile with `hocba pair`.
 */
import { randomBytes } from 'node:crypto';
import { defineErrors } from '@hocba/shared/errors';
import { randomToken } from '@hocba/shared/protocol';
import type { ProvisionedPairing } from '../config/index.js';

export const policyError = defineErrors({
  PAIRING_INVALID: {
    vi: '--pairing phải là "new", "<id>:<khoá bí mật>" hoặc id của một ghép nối đã có trên máy này; nhận được "{value}".',
    en: '--pairing must be "new", "<id>:<secret>" or the id of a pairing on this PC; got "{value}".',
  },
  PORTAL_INVALID: {
    vi: '--portal phải có dạng "Tên=https://địa-chỉ" hoặc "Tên=https://địa-chỉ=mã-bộ-chuyển-đổi" (vd "Cổng trường=https://hocba.truong.edu.vn=demo-portal-a"); nhận được "{value}".',
    en: '--portal must look like "Name=https://address" or "Name=https://address=adapter-id" (e.g. "School portal=https://hocba.school.edu.vn=demo-portal-a"); got "{value}".',
  },
});

/** Fixed by the manifest's public key (README, "The extension's ID"). */
export const CHROME_EXTENSION_ID = 'jfholdamahenahlfmimleieloadpkmgo';
export const CHROME_EXTENSION_ORIGIN = `chrome-extension://${CHROME_EXTENSION_ID}`;
/** The Firefox build's browser_specific_settings.gecko.id (the Firefox build is being added). */
export const GECKO_ID = 'hocba-so@hocba.vn';
/** Chrome Web Store's update service; Edge and Cốc Cốc accept it in their force-install lists. */
export const DEFAULT_UPDATE_URL = 'https://clients2.google.com/service/update2/crx';
export const DEFAULT_FIREFOX_INSTALL_URL =
  'https://addons.mozilla.org/firefox/downloads/latest/hocba-so/latest.xpi';

const PAIRING_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** A managed `portals` entry as the schema documents it: the origin, and the adapter that reads it. */
export interface Portal {
  name: string;
  /** `https://host[:port]`, no path (the extension acts on every page of it once allowed). */
  origin: string;
  adapter?: string;
}

/** What `extension/managed-schema.json` describes: the values every browser stores for us. */
export interface ManagedStorage {
  companionPort?: number;
  pairing?: { pairingId: string; secret: string };
  trustAnchors?: string[];
  portals?: Portal[];
}

export interface PolicyOptions {
  pairing: { id: string; secret: string };
  label?: string;
  port?: number;
  trustAnchors?: string[];
  portals?: Portal[];
  /** The province's or school's time-stamp server, for every PC's companion config.json. */
  timestamp?: { url: string; level?: 'B-T' | 'B-LT' };
  updateUrl?: string;
  firefoxInstallUrl?: string;
}

export interface PolicyFile {
  /** Relative to the output folder. */
  path: string;
  content: string;
  /**
   * How `content` is written. `.reg` files are UTF-16LE with a BOM, the encoding regedit
   * writes itself: without the BOM, regedit reads a file in the ANSI code page (1258 or 1252)
   * and Vietnamese names (portals, comments) arrive garbled in the registry.
   */
  encoding: 'utf8' | 'utf16le-bom';
  /** Where it goes on a school PC, for the README and the CLI's report. */
  destination: string;
}

/** The bytes to write for a policy file. */
export function policyFileBytes(file: PolicyFile): Uint8Array {
  if (file.encoding === 'utf8') return Buffer.from(file.content, 'utf8');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(file.content, 'utf16le')]);
}

export interface PolicyBundle {
  pairing: ProvisionedPairing & { id: string };
  managed: ManagedStorage;
  files: PolicyFile[];
  /** The `timestamp` every PC's config.json gets (also merged into this PC's). */
  companionTimestamp?: { url: string; level?: 'B-T' | 'B-LT' };
}

/** `new` → a fresh pairing; `<id>:<secret>` → that one; else the id of a known pairing. */
export function resolvePairing(
  value: string,
  known: readonly { id: string; secret: string; origin: string }[],
): { id: string; secret: string } {
  if (value === 'new') return { id: `school-${randomBytes(4).toString('hex')}`, secret: randomToken() };
  const colon = value.indexOf(':');
  if (colon > 0) {
    const id = value.slice(0, colon);
    const secret = value.slice(colon + 1);
    if (PAIRING_ID.test(id) && SECRET.test(secret)) return { id, secret };
  }
  const existing = known.find((p) => p.id === value && p.origin === CHROME_EXTENSION_ORIGIN);
  if (existing) return { id: existing.id, secret: existing.secret };
  throw policyError('PAIRING_INVALID', { value });
}

const ADAPTER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * `Name=https://host[:port][=adapter]`: the name up to the first "=", then the address, then
 * an adapter id after a last "=" (an origin has no "="). A path is dropped: the extension
 * acts on the whole origin, and the schema takes an origin only.
 */
export function parsePortal(value: string): Portal {
  const eq = value.indexOf('=');
  const name = value.slice(0, eq).trim();
  let address = value.slice(eq + 1).trim();
  let adapter: string | undefined;
  const last = address.lastIndexOf('=');
  if (last >= 0) {
    adapter = address.slice(last + 1).trim();
    address = address.slice(0, last).trim();
  }
  const origin = portalOrigin(address);
  if (eq <= 0 || !name || !origin || (adapter !== undefined && !ADAPTER_ID.test(adapter)))
    throw policyError('PORTAL_INVALID', { value });
  return { name, origin, ...(adapter ? { adapter } : {}) };
}

function portalOrigin(address: string): string | undefined {
  if (!/^https?:\/\/[^\s*]+$/i.test(address)) return undefined;
  try {
    const url = new URL(address);
    return url.username || url.password || !url.hostname ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/** .reg string data: backslashes and quotes escaped. */
function regString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function regDword(value: number): string {
  return `dword:${value.toString(16).padStart(8, '0')}`;
}

/**
 * One browser's .reg: managed storage under `<root>\3rdparty\extensions\<id>\policy` (objects
 * as subkeys, lists as JSON strings, which Chromium parses against the schema) and the
 * force-install entry. Several roots for browsers whose key is not settled (Cốc Cốc).
 */
function chromiumReg(roots: string[], managed: ManagedStorage, updateUrl: string, comment: string): string {
  const lines = ['Windows Registry Editor Version 5.00', '', `; ${comment}`, ''];
  for (const root of roots) {
    const policy = `HKEY_LOCAL_MACHINE\\${root}\\3rdparty\\extensions\\${CHROME_EXTENSION_ID}\\policy`;
    lines.push(`[${policy}]`);
    if (managed.companionPort !== undefined) lines.push(`"companionPort"=${regDword(managed.companionPort)}`);
    if (managed.trustAnchors?.length)
      lines.push(`"trustAnchors"=${regString(JSON.stringify(managed.trustAnchors))}`);
    if (managed.portals?.length) lines.push(`"portals"=${regString(JSON.stringify(managed.portals))}`);
    lines.push('');
    if (managed.pairing) {
      lines.push(
        `[${policy}\\pairing]`,
        `"pairingId"=${regString(managed.pairing.pairingId)}`,
        `"secret"=${regString(managed.pairing.secret)}`,
        '',
      );
    }
    // Chromium reads a list policy's values "1", "2", ... and stops at the first gap, so the
    // entry must be numbered; a .reg file cannot find the next free number itself.
    lines.push(
      `[HKEY_LOCAL_MACHINE\\${root}\\ExtensionInstallForcelist]`,
      '; If this key already has entries, renumber "1" to the next free number.',
      `"1"=${regString(`${CHROME_EXTENSION_ID};${updateUrl}`)}`,
      '',
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function chromiumJson(managed: ManagedStorage, updateUrl: string): string {
  return `${JSON.stringify(
    {
      ExtensionInstallForcelist: [`${CHROME_EXTENSION_ID};${updateUrl}`],
      '3rdparty': { extensions: { [CHROME_EXTENSION_ID]: managed } },
    },
    null,
    2,
  )}\n`;
}

function firefoxPolicies(managed: ManagedStorage, installUrl: string): string {
  // No pairing: Firefox's extension origin is a per-profile random UUID (see the header).
  const { pairing: _pairing, ...firefoxManaged } = managed;
  return `${JSON.stringify(
    {
      policies: {
        ExtensionSettings: {
          [GECKO_ID]: { installation_mode: 'force_installed', install_url: installUrl },
        },
        '3rdparty': { Extensions: { [GECKO_ID]: firefoxManaged } },
      },
    },
    null,
    2,
  )}\n`;
}

export function generatePolicies(options: PolicyOptions): PolicyBundle {
  const updateUrl = options.updateUrl ?? DEFAULT_UPDATE_URL;
  const managed: ManagedStorage = {
    ...(options.port !== undefined ? { companionPort: options.port } : {}),
    pairing: { pairingId: options.pairing.id, secret: options.pairing.secret },
    ...(options.trustAnchors?.length ? { trustAnchors: options.trustAnchors } : {}),
    ...(options.portals?.length ? { portals: options.portals } : {}),
  };
  const pairing: PolicyBundle['pairing'] = {
    id: options.pairing.id,
    origin: CHROME_EXTENSION_ORIGIN,
    secret: options.pairing.secret,
    label: options.label ?? 'policy',
  };
  const companionConfig = {
    ...(options.port !== undefined ? { port: options.port } : {}),
    pairings: [pairing],
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  };
  const json = chromiumJson(managed, updateUrl);
  const firefox = firefoxPolicies(managed, options.firefoxInstallUrl ?? DEFAULT_FIREFOX_INSTALL_URL);
  const files: Omit<PolicyFile, 'encoding'>[] = [
    {
      path: 'managed-storage.json',
      content: `${JSON.stringify(managed, null, 2)}\n`,
      destination: 'tham khảo / reference (extension/managed-schema.json)',
    },
    {
      path: 'companion/config.json',
      content: `${JSON.stringify(companionConfig, null, 2)}\n`,
      destination: 'mỗi máy / every PC: <data-dir>/config.json (gộp "pairings" / merge "pairings")',
    },
    {
      path: 'linux/chrome/hocba.json',
      content: json,
      destination: '/etc/opt/chrome/policies/managed/hocba.json',
    },
    {
      path: 'linux/chromium/hocba.json',
      content: json,
      destination: '/etc/chromium/policies/managed/hocba.json',
    },
    {
      path: 'linux/edge/hocba.json',
      content: json,
      destination: '/etc/opt/edge/policies/managed/hocba.json',
    },
    {
      path: 'linux/coccoc/hocba.json',
      content: json,
      destination: '/etc/opt/coccoc/policies/managed/hocba.json (giả định / assumed)',
    },
    {
      path: 'linux/firefox/policies.json',
      content: firefox,
      destination: '/etc/firefox/policies/policies.json',
    },
    {
      path: 'windows/chrome.reg',
      content: chromiumReg(
        ['SOFTWARE\\Policies\\Google\\Chrome'],
        managed,
        updateUrl,
        'Google Chrome: Học bạ số',
      ),
      destination: 'regedit /s chrome.reg (GPO: Computer Configuration > Preferences > Registry)',
    },
    {
      path: 'windows/edge.reg',
      content: chromiumReg(
        ['SOFTWARE\\Policies\\Microsoft\\Edge'],
        managed,
        updateUrl,
        'Microsoft Edge: Học bạ số',
      ),
      destination: 'regedit /s edge.reg',
    },
    {
      path: 'windows/coccoc.reg',
      content: chromiumReg(
        ['SOFTWARE\\Policies\\CocCoc\\Browser', 'SOFTWARE\\Policies\\CocCoc\\CocCoc'],
        managed,
        updateUrl,
        'Cốc Cốc: no vendor documentation of its policy key was found; both keys seen in use are written. Check coccoc://policy after applying.',
      ),
      destination: 'regedit /s coccoc.reg (kiểm tra coccoc://policy / check coccoc://policy)',
    },
    {
      path: 'windows/firefox/policies.json',
      content: firefox,
      destination: 'C:\\Program Files\\Mozilla Firefox\\distribution\\policies.json',
    },
  ];
  const readme = [
    'Học bạ số: tệp chính sách cho một trường / policy files for one school',
    '',
    'CHỨA KHOÁ GHÉP NỐI BÍ MẬT: chỉ chép vào máy của trường, không gửi qua mạng công cộng.',
    'CONTAINS THE PAIRING SECRET: copy to the school’s PCs only, never share it publicly.',
    '',
    ...files.map((f) => `${f.path}\n    → ${f.destination}`),
    '',
    'Firefox: không ghép nối sẵn được (nguồn moz-extension:// khác nhau theo hồ sơ); chạy "hocba pair" một lần.',
    'Firefox: no pre-provisioned pairing (its moz-extension:// origin differs per profile); run "hocba pair" once.',
    '',
  ].join('\n');
  files.push({ path: 'README.txt', content: readme, destination: '-' });
  return {
    pairing,
    managed,
    files: files.map((f) => ({ ...f, encoding: f.path.endsWith('.reg') ? 'utf16le-bom' : 'utf8' })),
    ...(options.timestamp ? { companionTimestamp: options.timestamp } : {}),
  };
}

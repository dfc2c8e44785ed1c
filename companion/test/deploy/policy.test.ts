/**
 * `hocba policy`: the managed settings it writes for every browser validate against the
 * extension's managed schema (extension/managed-schema.json, through zod's JSON Schema
 * reader), and the pairing it provisions is one the companion accepts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configFileSchema, loadConfig } from '../../src/config/index.js';
import {
  CHROME_EXTENSION_ID,
  CHROME_EXTENSION_ORIGIN,
  GECKO_ID,
  parsePortal,
} from '../../src/deploy/policy.js';
import { memoryLogger } from '../../src/log/index.js';
import { startCompanion } from '../../src/server/index.js';
import { TestClient } from '../support/client.js';
import { testEngine } from '../support/engine.js';
import { testPki } from '../support/token.js';

/**
 * A .reg file as regedit reads it: UTF-16LE after a byte-order mark (without the BOM regedit
 * takes the ANSI code page and garbles Vietnamese), no lone UTF-8 bytes inside.
 */
function readReg(path: string): string {
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
  expect(bytes.length % 2).toBe(0);
  const text = bytes.subarray(2).toString('utf16le');
  expect(Buffer.from(text, 'utf16le').equals(bytes.subarray(2))).toBe(true);
  return text;
}

const hocba = fileURLToPath(new URL('../../bin/hocba.js', import.meta.url));
const schemaPath = fileURLToPath(new URL('../../../extension/managed-schema.json', import.meta.url));
const managedSchema = z.fromJSONSchema(JSON.parse(readFileSync(schemaPath, 'utf8')));
const work = mkdtempSync(join(tmpdir(), 'hocba-policy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hocbaCli(args: string[]) {
  return spawnSync('node', [hocba, ...args], { encoding: 'utf8' });
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('extension/managed-schema.json', () => {
  it('uses only what the Chrome schema parser knows (a wrong attribute stops the extension from loading)', () => {
    // components/policy/core/common/schema.cc; e.g. `additionalProperties: false` made
    // Extensions.loadUnpacked fail with "Invalid type for attribute 'additionalProperties'".
    const known = new Set([
      'type',
      'properties',
      'patternProperties',
      'additionalProperties',
      'items',
      'enum',
      'minimum',
      'maximum',
      'pattern',
      'required',
      '$ref',
      'id',
      'title',
      'description',
      'sensitiveValue',
    ]);
    const types = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
    const walk = (node: Record<string, unknown>, at: string) => {
      for (const key of Object.keys(node)) expect(known.has(key), `${at}.${key}`).toBe(true);
      expect(types.has(node.type as string), `${at}.type`).toBe(true);
      if ('additionalProperties' in node) expect(typeof node.additionalProperties, at).toBe('object');
      for (const [name, child] of Object.entries(
        (node.properties ?? {}) as Record<string, Record<string, unknown>>,
      ))
        walk(child, `${at}.${name}`);
      if (node.items) walk(node.items as Record<string, unknown>, `${at}[]`);
    };
    walk(JSON.parse(readFileSync(schemaPath, 'utf8')), 'schema');
  });

  it('rejects what the extension would misread (so the validation below means something)', () => {
    const good = { companionPort: 18127, pairing: { pairingId: 'school-1', secret: 'a'.repeat(43) } };
    expect(managedSchema.safeParse(good).success).toBe(true);
    for (const bad of [
      { pairing: { pairingId: 'school-1', secret: 'short' } },
      { pairing: { id: 'school-1', secret: 'a'.repeat(43) } },
      { companionPort: 80 },
      { companionPort: '18127' },
      { trustAnchors: ['not a certificate'] },
      { portals: [{ name: 'VnEdu', url: 'vnedu.vn' }] },
    ])
      expect(managedSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('is the one the extension declares and ships (npm run build puts it in extension/dist/chromium)', () => {
    const source = fileURLToPath(new URL('../../../extension/manifest.config.ts', import.meta.url));
    expect(readFileSync(source, 'utf8')).toContain("storage: { managed_schema: 'managed-schema.json' }");
    const dist = fileURLToPath(new URL('../../../extension/dist/chromium/', import.meta.url));
    expect(readJson(join(dist, 'manifest.json')).storage).toEqual({ managed_schema: 'managed-schema.json' });
    expect(readFileSync(join(dist, 'managed-schema.json'), 'utf8')).toBe(readFileSync(schemaPath, 'utf8'));
  });
});

describe('--portal', () => {
  it('gives the documented entry: the origin (path dropped) and, after a last "=", the adapter', () => {
    expect(parsePortal('VnEdu=https://vnedu.vn')).toEqual({ name: 'VnEdu', origin: 'https://vnedu.vn' });
    expect(parsePortal(' Cổng trường = https://hocba.truong.edu.vn:8443/a/b?x=1 = truong-tong-ket')).toEqual({
      name: 'Cổng trường',
      origin: 'https://hocba.truong.edu.vn:8443',
      adapter: 'truong-tong-ket',
    });
  });

  it.each([
    'https://vnedu.vn',
    '=https://vnedu.vn',
    'VnEdu=vnedu.vn',
    'VnEdu=ftp://vnedu.vn',
    'VnEdu=https://*.vnedu.vn',
    'VnEdu=https://user:pw@vnedu.vn',
    'VnEdu=https://vnedu.vn=',
    'VnEdu=https://vnedu.vn=two words',
  ])('refuses %j with both texts and an example', (value) => {
    expect(() => parsePortal(value)).toThrow(expect.objectContaining({ code: 'PORTAL_INVALID' }));
    try {
      parsePortal(value);
    } catch (error) {
      expect((error as { vi: string }).vi).toContain('vd "Cổng trường=https://');
    }
  });
});

describe('hocba policy', () => {
  it('writes Chrome, Chromium, Edge, Cốc Cốc and Firefox policies that validate against the schema, and a pairing the companion accepts', async () => {
    const pki = await testPki();
    const dataDir = join(work, 'pc-data');
    const out = join(work, 'policies');
    const made = hocbaCli([
      'policy',
      '--pairing',
      'new',
      '--out',
      out,
      '--data-dir',
      dataDir,
      '--port',
      '18200',
      '--label',
      'TH Kim Đồng',
      '--trust-anchor',
      pki.root.certPath,
      '--portal',
      'Sở GD&ĐT Hà Nội – VnEdu=https://vnedu.vn',
      '--portal',
      'Cổng trường=https://hocba.truong.edu.vn:8443/tong-ket=demo-portal-a',
      '--json',
    ]);
    expect(made.status, made.stderr).toBe(0);
    const summary = JSON.parse(made.stdout) as { pairingId: string; files: string[] };
    expect(summary.files.sort()).toEqual(
      [
        'README.txt',
        'companion/config.json',
        'linux/chrome/hocba.json',
        'linux/chromium/hocba.json',
        'linux/coccoc/hocba.json',
        'linux/edge/hocba.json',
        'linux/firefox/policies.json',
        'managed-storage.json',
        'windows/chrome.reg',
        'windows/coccoc.reg',
        'windows/edge.reg',
        'windows/firefox/policies.json',
      ].sort(),
    );

    const managed = readJson(join(out, 'managed-storage.json'));
    expect(managedSchema.parse(managed)).toEqual(managed);
    expect(managed).toMatchObject({
      companionPort: 18200,
      pairing: { pairingId: summary.pairingId },
      portals: [
        { name: 'Sở GD&ĐT Hà Nội – VnEdu', origin: 'https://vnedu.vn' },
        { name: 'Cổng trường', origin: 'https://hocba.truong.edu.vn:8443', adapter: 'demo-portal-a' },
      ],
    });
    expect(managed.trustAnchors[0]).toContain('-----BEGIN CERTIFICATE-----');
    for (const browser of ['chrome', 'chromium', 'edge', 'coccoc']) {
      const policy = readJson(join(out, 'linux', browser, 'hocba.json'));
      expect(policy.ExtensionInstallForcelist).toEqual([
        `${CHROME_EXTENSION_ID};https://clients2.google.com/service/update2/crx`,
      ]);
      expect(managedSchema.parse(policy['3rdparty'].extensions[CHROME_EXTENSION_ID])).toEqual(managed);
    }
    for (const where of ['linux', 'windows']) {
      const firefox = readJson(join(out, where, 'firefox', 'policies.json')).policies;
      expect(firefox.ExtensionSettings[GECKO_ID]).toMatchObject({ installation_mode: 'force_installed' });
      const settings = firefox['3rdparty'].Extensions[GECKO_ID];
      expect(managedSchema.safeParse(settings).success).toBe(true);
      expect(settings.pairing).toBeUndefined();
      expect(settings.companionPort).toBe(18200);
    }

    const chromeReg = readReg(join(out, 'windows', 'chrome.reg'));
    // Vietnamese survives: the portal name is in the registry string as UTF-16 code units.
    expect(chromeReg).toContain('"portals"="[{\\"name\\":\\"Sở GD&ĐT Hà Nội – VnEdu\\"');
    const policyKey = `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${CHROME_EXTENSION_ID}\\policy`;
    expect(chromeReg.startsWith('Windows Registry Editor Version 5.00\r\n')).toBe(true);
    expect(chromeReg).toContain(`${policyKey}]\r\n"companionPort"=dword:00004718\r\n`);
    expect(chromeReg).toContain(
      `${policyKey}\\pairing]\r\n"pairingId"="${summary.pairingId}"\r\n"secret"="${managed.pairing.secret}"`,
    );
    expect(chromeReg).toContain(
      `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\ExtensionInstallForcelist]\r\n; If this key already has entries, renumber "1" to the next free number.\r\n"1"="${CHROME_EXTENSION_ID};https://clients2.google.com/service/update2/crx"\r\n`,
    );
    // JSON lists inside .reg strings: backslashes doubled, quotes escaped; read back, the PEM is whole.
    const anchorsLine = chromeReg.split('\r\n').find((l) => l.startsWith('"trustAnchors"='))!;
    const decoded = anchorsLine.slice('"trustAnchors"="'.length, -1).replace(/\\(["\\])/g, '$1');
    expect(JSON.parse(decoded)).toEqual(managed.trustAnchors);
    expect(readReg(join(out, 'windows', 'edge.reg'))).toContain(
      `SOFTWARE\\Policies\\Microsoft\\Edge\\3rdparty\\extensions\\${CHROME_EXTENSION_ID}\\policy`,
    );
    const coccoc = readReg(join(out, 'windows', 'coccoc.reg'));
    expect(coccoc).toContain('SOFTWARE\\Policies\\CocCoc\\Browser\\3rdparty');
    expect(coccoc).toContain('SOFTWARE\\Policies\\CocCoc\\CocCoc\\3rdparty');

    // The companion side: the file for other PCs, and this PC's own config.
    const forOtherPcs = configFileSchema.parse(readJson(join(out, 'companion', 'config.json')));
    expect(forOtherPcs.pairings).toEqual([
      {
        id: summary.pairingId,
        origin: CHROME_EXTENSION_ORIGIN,
        secret: managed.pairing.secret,
        label: 'TH Kim Đồng',
      },
    ]);
    const config = loadConfig({ dataDir, port: 0 }, {});
    expect(config.pairings).toEqual(forOtherPcs.pairings);

    // What the extension does with the managed pairing: prove it to a companion with this config.
    const companion = await startCompanion({
      config,
      engine: testEngine(),
      version: '0.0.0-test',
      log: memoryLogger(),
    });
    try {
      const client = await TestClient.open(companion.port, { origin: CHROME_EXTENSION_ORIGIN });
      const answer = await client.auth({ id: managed.pairing.pairingId, secret: managed.pairing.secret });
      expect(answer).toMatchObject({
        type: 'auth.result',
        status: 'authenticated',
        pairingId: summary.pairingId,
      });
      client.close();
    } finally {
      await companion.close();
    }
  });

  it('takes a pairing made with "hocba pair --add", or one given as id:secret; refuses anything else', () => {
    const dataDir = join(work, 'pc2');
    const added = hocbaCli(['pair', '--data-dir', dataDir, '--add', CHROME_EXTENSION_ORIGIN, '--json']);
    const { pairingId, secret } = JSON.parse(added.stdout) as { pairingId: string; secret: string };
    const out = join(work, 'policies-2');
    expect(
      hocbaCli(['policy', '--pairing', pairingId, '--out', out, '--data-dir', dataDir, '--no-local']).status,
    ).toBe(0);
    expect(readJson(join(out, 'managed-storage.json')).pairing).toEqual({ pairingId, secret });

    const given = `school-x:${'b'.repeat(43)}`;
    const out3 = join(work, 'policies-3');
    expect(
      hocbaCli(['policy', '--pairing', given, '--out', out3, '--data-dir', dataDir, '--no-local']).status,
    ).toBe(0);
    expect(readJson(join(out3, 'managed-storage.json')).pairing).toEqual({
      pairingId: 'school-x',
      secret: 'b'.repeat(43),
    });

    const bad = hocbaCli([
      'policy',
      '--pairing',
      'school-x:short',
      '--out',
      join(work, 'x'),
      '--data-dir',
      dataDir,
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--pairing phải là');
  });
});

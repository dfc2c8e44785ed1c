/**
 * The time-stamp server setting: config.json `timestamp`, `hocba install --tsa`, and the
 * companion config.json `hocba policy --tsa` hands IT for every PC.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestTimestamp } from '@hocba/shared/pdf';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { planInstall } from '../../src/deploy/install.js';
import { generatePolicies } from '../../src/deploy/policy.js';
import { timestampEngineOptions } from '../../src/signing/default-engine.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'hocba-tsconf-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('config.json timestamp', () => {
  it('absent: no time-stamp server, B-B', () => {
    const config = loadConfig({ dataDir: temp() }, {});
    expect(config.timestamp).toBeUndefined();
    expect(timestampEngineOptions(config.timestamp)).toEqual({});
  });

  it('a URL: B-T by default, 20 s bound; B-LT when asked', () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ timestamp: { url: 'http://tsa.example.vn/tsa' } }),
    );
    expect(loadConfig({ dataDir: dir }, {}).timestamp).toEqual({
      url: 'http://tsa.example.vn/tsa',
      level: 'B-T',
      timeoutSeconds: 20,
    });
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ timestamp: { url: 'https://tsa.example.vn/', level: 'B-LT', timeoutSeconds: 5 } }),
    );
    const config = loadConfig({ dataDir: dir }, {});
    expect(timestampEngineOptions(config.timestamp)).toEqual({
      timestampUrl: 'https://tsa.example.vn/',
      level: 'B-LT',
      networkTimeoutMs: 5000,
    });
  });

  it.each([
    [{ url: 'ftp://tsa.example.vn/' }],
    [{ url: 'not a url' }],
    [{ url: 'http://tsa.example.vn/', level: 'B-LTA' }],
    [{ url: 'http://tsa.example.vn/', extra: 1 }],
    ['http://tsa.example.vn/'],
  ])('refuses %j with CONFIG_INVALID naming the field', (timestamp) => {
    const dir = temp();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ timestamp }));
    expect(() => loadConfig({ dataDir: dir }, {})).toThrow(/timestamp/);
    try {
      loadConfig({ dataDir: dir }, {});
    } catch (e) {
      expect((e as { code: string }).code).toBe('CONFIG_INVALID');
    }
  });
});

describe('hocba install --tsa', () => {
  it('writes timestamp into config.json, keeping what was there', () => {
    const home = temp();
    const dataDir = join(home, 'data');
    const plan = planInstall({
      env: { HOME: home },
      platform: 'linux',
      dataDir,
      exists: () => false,
      run: () => ({ status: 1, stdout: '', stderr: '' }),
      launcher: { node: '/usr/bin/node', script: '/opt/hocba/bin/hocba.js' },
      timestamp: { url: 'http://tsa.example.vn/', level: 'B-LT' },
    });
    const config = plan.files.find((f) => f.path === join(dataDir, 'config.json'));
    expect(config, 'config.json planned').toBeDefined();
    expect(JSON.parse(config!.content)).toEqual({
      timestamp: { url: 'http://tsa.example.vn/', level: 'B-LT' },
    });
    expect(config!.what.en).toContain('time-stamp server');
  });
});

describe('hocba policy --tsa', () => {
  it("puts the province's TSA in every PC's companion config.json", () => {
    const bundle = generatePolicies({
      pairing: { id: 'p1', secret: 'A'.repeat(43) },
      timestamp: { url: 'http://tsa.sgd.example.vn/', level: 'B-LT' },
    });
    const file = bundle.files.find((f) => f.path === 'companion/config.json')!;
    expect(JSON.parse(file.content).timestamp).toEqual({ url: 'http://tsa.sgd.example.vn/', level: 'B-LT' });
    expect(bundle.companionTimestamp).toEqual({ url: 'http://tsa.sgd.example.vn/', level: 'B-LT' });
  });
});

describe('a TSA or OCSP server that hangs', () => {
  it('is a typed PDF_TIMESTAMP_FAILED / PDF_REVOCATION_FAILED, not an internal error (DOMException TimeoutError)', async () => {
    const hang = (async () => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }) as unknown as typeof fetch;
    await expect(
      requestTimestamp('http://tsa.example.vn/', new Uint8Array(32), { fetch: hang }),
    ).rejects.toMatchObject({
      code: 'PDF_TIMESTAMP_FAILED',
    });
  });
});

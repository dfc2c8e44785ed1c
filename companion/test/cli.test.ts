import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const hocba = fileURLToPath(new URL('../bin/hocba.js', import.meta.url));

describe('hocba CLI', () => {
  it('prints its version', () => {
    expect(execFileSync('node', [hocba, '--version'], { encoding: 'utf8' }).trim()).toMatch(
      /^\d+\.\d+\.\d+$/,
    );
  });

  it('refuses an unknown command with exit 2 and a Vietnamese message', () => {
    const result = spawnSync('node', [hocba, 'nope'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Lệnh không có: nope');
  });

  it('the help says how to reach each command’s own help', () => {
    const help = execFileSync('node', [hocba, '--help'], { encoding: 'utf8' });
    expect(help).toContain('hocba <lệnh|command> --help');
  });

  it('a typed error a command lets escape (a broken config.json): both texts and the code, exit 2, no stack trace', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hocba-cli-config-'));
    try {
      writeFileSync(join(dataDir, 'config.json'), '{"port": 18127,');
      for (const args of [['pair', '--list'], ['logs'], ['audit', 'verify']]) {
        const result = spawnSync('node', [hocba, ...args, '--data-dir', dataDir], { encoding: 'utf8' });
        expect(result.status, args.join(' ')).toBe(2);
        expect(result.stderr).toMatch(/^Tệp cấu hình .*config\.json không hợp lệ/);
        expect(result.stderr).toContain('The configuration file');
        expect(result.stderr).toContain('(CONFIG_INVALID)');
        expect(result.stderr).not.toContain('    at ');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('serve on a port another program holds: says it is most often the companion itself and how to tell (doctor on that port)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hocba-cli-port-'));
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const result = spawnSync('node', [hocba, 'serve', '--port', String(port), '--data-dir', dataDir], {
        encoding: 'utf8',
        env: { ...process.env, HOCBA_MODULE_SEARCH: '0' },
        timeout: 20_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^Cổng ${port} đang được một chương trình khác dùng`));
      expect(result.stderr).toContain(`doctor --port ${port}”`);
      expect(result.stderr).toContain(`Port ${port} is used by another program`);
    } finally {
      holder.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
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
});

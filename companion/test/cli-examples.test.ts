/**
 * Every example in a command's --help works when pasted into a shell. They run in the order
 * below, in a fresh folder, through bash, with `hocba` a function for this checkout's
 * bin/hocba.js and a data folder and HOME of their own. An example that would change this
 * machine, run until stopped or need a token's PIN is not run: its options are still checked
 * by the command itself (the same line with --help: every option is parsed first, so a
 * misspelt one is exit 2).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPki } from '../../shared/test/verify/helpers.js';
import { basePdf, signField } from '../../shared/test/verify/pdf-fixtures.js';
import { commandTable } from '../src/cli/main.js';

const hocba = fileURLToPath(new URL('../bin/hocba.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hocba-examples-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, 'home'));
// What `hocba verify`'s examples read: a signed record (the test PKI's GVCN) and the test root,
// as a school's signed folder and the province's root would be.
beforeAll(async () => {
  const pki = await testPki();
  mkdirSync(join(work, 'da-ky'));
  writeFileSync(
    join(work, 'da-ky', 'hoc-ba-5a.pdf'),
    signField(basePdf(), 7, 'HocBa_GVCN', pki.signers.gvcn, pki),
  );
  copyFileSync(pki.root.certPath, join(work, 'goc-truong.pem'));
}, 60_000);

/** Commands whose help has no examples yet, and why. */
const WITHOUT_EXAMPLES: Record<string, string> = {};

/** Examples not run here, and why; their options are checked with --help. */
const NOT_RUN: [RegExp, string][] = [
  [/^hocba (serve|companion)\b/, 'runs until stopped'],
  [/^hocba sign\b/, 'needs a token and its PIN'],
  [/^hocba (un)?install\b(?!.*--dry-run)/, 'changes how this machine starts programs at login'],
  [/^hocba archive restamp\b/, 'needs a time-stamp server'],
];

/** Run order: the records the later examples read are made first. */
const ORDER = ['generate', 'check', 'export', 'demo-token', 'pair', 'policy', 'doctor', 'logs', 'audit'];

function bash(line: string) {
  return spawnSync('bash', ['-c', `hocba() { node ${JSON.stringify(hocba)} "$@"; }\n${line}`], {
    cwd: work,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      PATH: process.env.PATH,
      HOME: join(work, 'home'),
      HOCBA_DATA_DIR: join(work, 'data'),
      LANG: 'C.UTF-8',
    },
  });
}

function examplesOf(help: string): string[] {
  const start = help.split('\n').findIndex((l) => l.startsWith('Ví dụ / examples'));
  if (start < 0) return [];
  return help
    .split('\n')
    .slice(start + 1)
    .filter((l) => l.startsWith('  hocba '))
    .map((l) => l.replace(/\s+#\s.*$/, '').trim());
}

const helps = commandTable.map((c) => ({ name: c.name, help: bash(`hocba ${c.name} --help`).stdout }));
const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
const examples = [
  ...new Set([...helps].sort((a, b) => rank(a.name) - rank(b.name)).flatMap(({ help }) => examplesOf(help))),
];

describe('the examples in hocba’s help', () => {
  it('every command’s help has examples, each a "hocba <command>" line', () => {
    for (const { name, help } of helps) {
      if (name in WITHOUT_EXAMPLES) continue;
      const own = examplesOf(help);
      expect(own.length, `${name}: no "Ví dụ / examples" block`).toBeGreaterThan(0);
      // `companion start` shows serve's options and examples.
      if (name !== 'companion') for (const line of own) expect(line).toMatch(new RegExp(`^hocba ${name}\\b`));
    }
  });

  it.each(examples)('%s', (line) => {
    const skipped = NOT_RUN.find(([pattern]) => pattern.test(line));
    const result = bash(skipped ? `${line} --help` : line);
    const out = `${result.stdout}\n${result.stderr}`;
    if (skipped) {
      expect(result.status, `${line} --help\n${out}`).toBe(0);
      return;
    }
    // 0, or 1 for "found something" (a record with errors, no audit log yet, nothing to
    // revoke or uninstall); never a usage
    // error (2), never a stack trace.
    expect([0, 1], `${line}\n${out}`).toContain(result.status);
    expect(out).not.toMatch(/Tuỳ chọn không hợp lệ|Lệnh không có|\n\s+at .*\.js:\d+/);
    // Something to read, even when there is nothing to do (no pairing to revoke, nothing installed).
    expect(out.trim().length, line).toBeGreaterThan(0);
  });
});

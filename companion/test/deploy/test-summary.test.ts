/**
 * scripts/test-summary.mjs, the closing line of `npm test`: a story whose beforeAll threw
 * (its tests read "skipped" in vitest's JSON report) or that failed to import must count as
 * failed and be named; the exit code follows. The reports below have the shape vitest 4
 * writes (--reporter=json), cut down to what the summary reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/test-summary.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hocba-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Test = { title: string; status: 'passed' | 'failed' | 'skipped' | 'pending' };
const file = (name: string, status: 'passed' | 'failed', tests: Test[], message = '') => ({
  name: join(dir, name),
  status,
  message,
  assertionResults: tests.map((t) => ({ ...t, fullName: t.title, failureMessages: [] })),
});
function report(files: ReturnType<typeof file>[], extra: object = {}) {
  const tests = files.flatMap((f) => f.assertionResults);
  return {
    numTotalTests: tests.length,
    numPassedTests: tests.filter((t) => t.status === 'passed').length,
    numFailedTests: tests.filter((t) => t.status === 'failed').length,
    numPendingTests: tests.filter((t) => t.status === 'skipped' || t.status === 'pending').length,
    numTodoTests: 0,
    success: files.every((f) => f.status === 'passed'),
    testResults: files,
    ...extra,
  };
}

let n = 0;
function summary(...reports: (object | null)[]): { code: number | null; out: string } {
  const paths = reports.map((r) => {
    const path = join(dir, `report-${n++}.json`);
    if (r) writeFileSync(path, JSON.stringify(r));
    return path;
  });
  const run = spawnSync('node', [script, ...paths], { cwd: dir, encoding: 'utf8' });
  return { code: run.status, out: run.stdout.trim() };
}

const passing = file('e2e/smoke.e2e.test.ts', 'passed', [
  { title: 'starts', status: 'passed' },
  { title: 'later', status: 'skipped' },
]);

describe('scripts/test-summary.mjs', () => {
  it('a story whose beforeAll threw counts as failed and is named; exit 1', () => {
    // What vitest wrote for firefox-pairing in session 6: the file failed, both tests "skipped".
    const hook = file('e2e/firefox-pairing.e2e.test.ts', 'failed', [
      { title: 'pairs', status: 'skipped' },
      { title: 'reconnects', status: 'skipped' },
    ]);
    const { code, out } = summary(report([passing, hook]));
    expect(code).toBe(1);
    expect(out.split('\n').at(-1)).toBe('Tests: 1 passed, 1 failed, 3 skipped');
    expect(out).toContain(
      'FAILED e2e/firefox-pairing.e2e.test.ts: the story itself failed (beforeAll/afterAll or import), 2 test(s) not run',
    );
  });

  it('a story that could not be imported counts as failed, with its error', () => {
    const broken = file('e2e/broken.e2e.test.ts', 'failed', [], "Cannot find module './gone.js'");
    const { code, out } = summary(report([passing]), report([broken]));
    expect(code).toBe(1);
    expect(out).toContain(
      "FAILED e2e/broken.e2e.test.ts: the story itself failed (beforeAll/afterAll or import): Cannot find module './gone.js'",
    );
    expect(out.split('\n').at(-1)).toBe('Tests: 1 passed, 1 failed, 1 skipped');
  });

  it('a failed test counts once (not again for its file), named by its title', () => {
    const red = file('unit/a.test.ts', 'failed', [
      { title: 'adds', status: 'passed' },
      { title: 'subtracts', status: 'failed' },
    ]);
    const { code, out } = summary(report([red]));
    expect(code).toBe(1);
    expect(out).toBe('FAILED unit/a.test.ts > subtracts\nTests: 1 passed, 1 failed');
  });

  it('a missing report, or a run vitest called failed with nothing to show, is a failure', () => {
    expect(summary(report([passing]), null)).toMatchObject({ code: 1 });
    expect(summary(report([passing]), null).out).toMatch(
      /no report \(the test runner did not finish\)\nTests: 1 passed, 1 failed/,
    );
    const odd = summary(report([passing], { success: false }));
    expect(odd.code).toBe(1);
    expect(odd.out).toContain('vitest reported the run as failed');
  });

  it('everything passing: exit 0 and "0 failed"', () => {
    expect(summary(report([passing]), report([passing]))).toEqual({
      code: 0,
      out: 'Tests: 2 passed, 0 failed, 2 skipped',
    });
  });
});

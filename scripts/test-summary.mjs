// Adds up vitest's JSON reports into one closing line: "Tests: N passed, N failed".
//
// A story file whose beforeAll/afterAll threw, or that could not be imported, has no failed
// test in the report (its tests read "skipped", or there are none), only the file's status
// "failed": each such file counts as one failure and is named, so the closing line never says
// "0 failed" for a run vitest failed. Exit code 1 whenever anything failed or nothing passed.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @param {{ name: string, report: any }[]} reports  parsed vitest JSON reports (`report`
 *   undefined when the file is missing or unreadable: the runner never finished)
 * @returns {{ passed: number, failed: number, skipped: number, problems: string[] }}
 */
export function summarise(reports, root = process.cwd()) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const problems = [];
  for (const { name, report } of reports) {
    if (!report || !Array.isArray(report.testResults)) {
      failed += 1;
      problems.push(`${name}: no report (the test runner did not finish)`);
      continue;
    }
    const failedBefore = failed;
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrors ?? 0);
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    if (report.numRuntimeErrors) problems.push(`${name}: ${report.numRuntimeErrors} unhandled error(s)`);
    for (const file of report.testResults) {
      const where = relative(root, file.name ?? '?');
      const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
      for (const t of failedTests) problems.push(`${where} > ${t.fullName ?? t.title}`);
      if (file.status !== 'failed' || failedTests.length > 0) continue;
      // The file failed with no failed test: a hook, an import or the suite's own code threw.
      failed += 1;
      const why = (file.message ?? '').split('\n')[0].trim();
      const notRun = (file.assertionResults ?? []).filter((t) => t.status !== 'passed').length;
      problems.push(
        `${where}: the story itself failed (beforeAll/afterAll or import)` +
          `${notRun ? `, ${notRun} test(s) not run` : ''}: ${why || 'its error is in the log above'}`,
      );
    }
    // vitest said the run failed, yet no file or test shows it.
    if (report.success === false && failed === failedBefore) {
      failed += 1;
      problems.push(`${name}: vitest reported the run as failed`);
    }
  }
  return { passed, failed, skipped, problems };
}

/** The closing lines: what failed, one per line, then the totals. */
export function format({ passed, failed, skipped, problems }) {
  const lines = problems.map((p) => `FAILED ${p}`);
  lines.push(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return lines.join('\n');
}

function read(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const totals = summarise(process.argv.slice(2).map((name) => ({ name, report: read(name) })));
  console.log(format(totals));
  process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
}

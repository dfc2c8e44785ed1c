/**
 * Test-only crash points. `HOCBA_TEST_CRASH_AT=<point>` (or `<point>#<n>` for its n-th pass)
 * makes the process SIGKILL itself right there, so tests can prove that a companion killed
 * between any two durable writes loses nothing. A crash point can only stop the process,
 * never skip a check; without the variable it does nothing.
 */
export type CrashPoint =
  | 'sign.signed' // the token signed, nothing written yet
  | 'sign.archived' // the signed PDF is in the archive, not yet in the journal
  | 'sign.journaled' // the journal holds it, the audit log not yet
  | 'audit.line' // the audit line is on disk, audit.head not yet renamed
  | 'audit.head' // the audit line and the head are on disk
  | 'sign.reported'; // the signed file was sent to the extension

const passes = new Map<CrashPoint, number>();

export function crashPoint(point: CrashPoint, env: NodeJS.ProcessEnv = process.env): void {
  const wanted = env.HOCBA_TEST_CRASH_AT;
  if (!wanted) return;
  const [name, nth] = wanted.split('#');
  if (name !== point) return;
  const count = (passes.get(point) ?? 0) + 1;
  passes.set(point, count);
  if (count >= Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
}

/**
 * Test-only: `HOCBA_TEST_GROUP_WINDOW_MS` widens the signing batch's group window so a test
 * can kill the process inside a group (several documents signed, none reported yet) however
 * loaded the machine is. Without the variable: undefined (the batch's own window).
 */
export function testGroupWindowMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = Number(env.HOCBA_TEST_GROUP_WINDOW_MS);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

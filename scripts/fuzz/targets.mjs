/**
 * Where each fuzz target lives: the parsers of shared/ in shared/test/fuzz/targets.ts, the
 * extension's table reader and the companion's socket in their own workspaces (so a run of one
 * target loads only what it needs: no DOM for `der`, no server for `pdf`).
 */
const SHARED = '../../shared/test/fuzz/targets.ts';

export const TARGET_MODULES = {
  pdf: SHARED,
  'signed-bytes': SHARED,
  der: SHARED,
  record: SHARED,
  protocol: SHARED,
  xref: '../../shared/test/fuzz/xref-target.ts',
  timestamp: '../../shared/test/fuzz/token-targets.ts',
  ocsp: '../../shared/test/fuzz/token-targets.ts',
  'portal-table': '../../extension/test/fuzz/portal-table.ts',
  'companion-frames': '../../companion/test/fuzz/frames.ts',
};

/** The target named `name` (throws on an unknown name). */
export async function loadTarget(name) {
  const path = TARGET_MODULES[name];
  if (!path) throw new Error(`no fuzz target ${name} (known: ${Object.keys(TARGET_MODULES).join(', ')})`);
  const mod = await import(path);
  const target = mod.TARGETS?.[name] ?? mod.target;
  if (!target || target.name !== name) throw new Error(`${path} does not export the target ${name}`);
  return target;
}

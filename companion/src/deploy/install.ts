/**
 * `hocba install` / `hocba uninstall`: makes the companion start at login for this user and
 * writes its configuration. Installing is a plan first (files to write, commands to run),
 * so `--dry-run` prints exactly what a real run does. A manifest in the data folder lists
 * what the install added, so uninstall removes exactly that and nothing the school made
 * (archive, audit log, pairings) unless `--purge`.
 *
 * The steps are in ./install: the token drivers (drivers), config.json (config-file), the
 * autostart entry per platform (autostart), the manifest (manifest), uninstall (uninstall).
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../archive/index.js';
import { defaultDataDir } from '../config/index.js';
import { planAutostart } from './install/autostart.js';
import { type CommandRunner, runCommand } from './install/command-runner.js';
import { planConfigFile } from './install/config-file.js';
import { planDrivers } from './install/drivers.js';
import { homeOf } from './install/home.js';
import { defaultLauncher, type Launcher } from './install/launcher.js';
import {
  type InstalledFile,
  type InstallManifest,
  MANIFEST_FILE,
  readManifest,
  sha256,
} from './install/manifest.js';
import type { AppliedCommand, AutostartKind, InstallPlan, PlannedFile } from './install/plan.js';

export {
  SERVICE_NAME,
  systemdUserAvailable,
  WINDOWS_RUN_KEY_PATH,
  WINDOWS_RUN_VALUE,
} from './install/autostart.js';
export { type CommandResult, type CommandRunner, runCommand } from './install/command-runner.js';
export { installError } from './install/errors.js';
export { defaultLauncher, type Launcher } from './install/launcher.js';
export { type InstalledFile, type InstallManifest, MANIFEST_FILE } from './install/manifest.js';
export type {
  AppliedCommand,
  AutostartKind,
  InstallPlan,
  ModulesFound,
  PlannedCommand,
  PlannedFile,
} from './install/plan.js';
export { type UninstallOptions, type UninstallResult, uninstall } from './install/uninstall.js';

export interface InstallOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  dataDir?: string;
  /** A PKCS#11 module path given by the technician; else chosen automatically. */
  module?: string;
  /** The school's or province's time-stamp server (config.json `timestamp`). */
  timestamp?: { url: string; level?: 'B-T' | 'B-LT' };
  autostart?: AutostartKind;
  launcher?: Launcher;
  run?: CommandRunner;
  exists?: (path: string) => boolean;
  /** Only for plans: the user id macOS' launchctl needs. */
  uid?: number;
}

export function planInstall(options: InstallOptions = {}): InstallPlan {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const exists = options.exists ?? existsSync;
  const run = options.run ?? runCommand;
  const home = homeOf(env, platform);
  const dataDir = resolve(options.dataDir ?? defaultDataDir({ ...env, HOME: home }, platform));
  const launcher = options.launcher ?? defaultLauncher(exists);
  const serveArgs = [launcher.node, launcher.script, 'serve', '--data-dir', dataDir];

  const drivers = planDrivers({ module: options.module, dataDir, platform, exists });
  const files: PlannedFile[] = [];
  const config = planConfigFile({ dataDir, module: options.module, timestamp: options.timestamp, exists });
  if (config) files.push(config);
  const autostart = planAutostart({
    platform,
    env,
    home,
    dataDir,
    launcher,
    serveArgs,
    autostart: options.autostart,
    run,
    uid: options.uid,
  });
  files.push(...autostart.files);

  return {
    platform,
    autostart: autostart.autostart,
    dataDir,
    manifestPath: join(dataDir, MANIFEST_FILE),
    module: drivers.module,
    files,
    commands: autostart.commands,
    stopCommands: autostart.stopCommands,
    cleanupCommands: autostart.cleanupCommands,
    warnings: [...drivers.warnings, ...autostart.warnings],
  };
}

export interface InstallResult {
  plan: InstallPlan;
  written: InstalledFile[];
  commands: AppliedCommand[];
}

/** Writes the plan's files, records them in the manifest, then runs its commands. */
export function applyInstall(plan: InstallPlan, run: CommandRunner = runCommand): InstallResult {
  const previous = readManifest(plan.manifestPath);
  const written: InstalledFile[] = [];
  for (const file of plan.files) {
    // A file an earlier install created is still ours to remove, even if this run rewrites it.
    const createdBefore = previous?.files.find((f) => f.path === file.path)?.created ?? false;
    const created = createdBefore || !existsSync(file.path);
    writeFileAtomic(file.path, file.content, file.mode);
    written.push({ path: file.path, sha256: sha256(file.content), created });
  }
  for (const old of previous?.files ?? []) {
    if (written.some((f) => f.path === old.path)) continue;
    // An autostart entry of an earlier install in another mode (xdg, then systemd): two
    // autostarts would race for the port, so the one this plan does not name goes.
    const isConfig = old.path === join(plan.dataDir, 'config.json');
    if (old.created && !isConfig) rmSync(old.path, { force: true });
    else written.push(old);
  }
  const manifest: InstallManifest = {
    version: 1,
    installedAt: new Date().toISOString(),
    platform: plan.platform,
    autostart: plan.autostart,
    files: written,
    stopCommands: plan.stopCommands.map((c) => c.argv),
    cleanupCommands: plan.cleanupCommands.map((c) => c.argv),
  };
  writeFileAtomic(plan.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, 0o600);
  const commands = plan.commands.map((c) => {
    const result = run(c.argv);
    return { argv: c.argv, status: result.status, stderr: result.stderr.trim() };
  });
  return { plan, written, commands };
}

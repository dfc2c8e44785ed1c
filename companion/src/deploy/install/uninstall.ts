/** `hocba uninstall`: removes what the manifest lists (and, with purge, the whole data folder). */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bilingual } from '@hocba/shared/errors';
import { defaultDataDir } from '../../config/index.js';
import { type CommandRunner, runCommand } from './command-runner.js';
import { installError } from './errors.js';
import { homeOf } from './home.js';
import { MANIFEST_FILE, readManifest, sha256 } from './manifest.js';
import type { AppliedCommand } from './plan.js';

export interface UninstallOptions {
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  purge?: boolean;
  run?: CommandRunner;
  dryRun?: boolean;
}

export interface UninstallResult {
  dataDir: string;
  removed: string[];
  /** Kept, with the reason in both languages. */
  kept: { path: string; why: Bilingual }[];
  commands: AppliedCommand[];
  purged: boolean;
}

/** Removes what the manifest lists (and, with purge, the whole data folder). */
export function uninstall(options: UninstallOptions = {}): UninstallResult {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runCommand;
  const dataDir = resolve(
    options.dataDir ?? defaultDataDir({ ...env, HOME: homeOf(env, platform) }, platform),
  );
  const manifestPath = join(dataDir, MANIFEST_FILE);
  const manifest = readManifest(manifestPath);
  if (!manifest && !options.purge) throw installError('NOT_INSTALLED', { path: manifestPath });
  const result: UninstallResult = { dataDir, removed: [], kept: [], commands: [], purged: false };
  const exec = (argv: string[]) => {
    if (options.dryRun) result.commands.push({ argv, status: null, stderr: '' });
    else {
      const r = run(argv);
      result.commands.push({ argv, status: r.status, stderr: r.stderr.trim() });
    }
  };
  for (const argv of manifest?.stopCommands ?? []) exec(argv);
  for (const file of manifest?.files ?? []) {
    if (!existsSync(file.path)) continue;
    if (!file.created) {
      result.kept.push({
        path: file.path,
        why: { vi: 'đã có trước khi cài', en: 'existed before the install' },
      });
      continue;
    }
    const isConfig = file.path === join(dataDir, 'config.json');
    if (isConfig && !options.purge && sha256(readFileSync(file.path, 'utf8')) !== file.sha256) {
      // The school added pairings or settings since: not ours alone any more.
      result.kept.push({
        path: file.path,
        why: { vi: 'đã được sửa sau khi cài', en: 'changed since the install' },
      });
      continue;
    }
    if (!options.dryRun) rmSync(file.path, { force: true });
    result.removed.push(file.path);
  }
  if (manifest) {
    if (!options.dryRun) rmSync(manifestPath, { force: true });
    result.removed.push(manifestPath);
  }
  for (const argv of manifest?.cleanupCommands ?? []) exec(argv);
  if (options.purge && existsSync(dataDir)) {
    if (!options.dryRun) rmSync(dataDir, { recursive: true, force: true });
    result.removed.push(dataDir);
    result.purged = true;
  } else if (existsSync(dataDir))
    result.kept.push({
      path: dataDir,
      why: {
        vi: 'thư mục dữ liệu: lưu trữ tệp đã ký, nhật ký kiểm toán, ghép nối (xoá bằng --purge)',
        en: 'data folder: signed archive, audit log, pairings (remove with --purge)',
      },
    });
  return result;
}

/**
 * The configuration file: the one thing a technician edits by hand. A broken one stops the
 * companion from starting, so the doctor names it and what to do, then checks the rest with
 * the defaults instead of stopping at it.
 */
import { existsSync } from 'node:fs';
import { type CompanionConfig, type ConfigOverrides, loadConfig } from '../../config/index.js';
import { finding } from './findings.js';
import { type Check, check } from './report.js';

/** Why config.json could not be used: its path and the parser's or schema's words. */
export interface ConfigProblem {
  path: string;
  issues: string;
}

/**
 * The configuration the doctor checks with: the file's when it reads, otherwise the defaults
 * (with the command line and environment still applied) and the problem to report.
 */
export function doctorConfig(
  overrides: ConfigOverrides,
  env: NodeJS.ProcessEnv = process.env,
): { config: CompanionConfig; problem?: ConfigProblem } {
  try {
    return { config: loadConfig(overrides, env) };
  } catch (error) {
    const typed = error as { code?: unknown; details?: { path?: unknown; issues?: unknown } };
    if (typed.code !== 'CONFIG_INVALID') throw error;
    const config = loadConfig(overrides, env, {});
    return {
      config,
      problem: { path: config.configPath, issues: String(typed.details?.issues ?? '') },
    };
  }
}

export function configCheck(
  config: CompanionConfig,
  problem: ConfigProblem | undefined,
  platform: NodeJS.Platform,
): Check {
  const title = { vi: 'Tệp cấu hình', en: 'Configuration file' };
  if (problem)
    return check({
      id: 'config',
      title,
      status: 'error',
      summary: `${problem.path}: hỏng / broken`,
      findings: [finding('CONFIG_INVALID', { path: problem.path, issues: problem.issues }, platform)],
    });
  return check({
    id: 'config',
    title,
    status: 'ok',
    summary: existsSync(config.configPath)
      ? config.configPath
      : `${config.configPath}: chưa có, dùng mặc định / none yet, defaults`,
  });
}

/**
 * Where the companion keeps its things and what an IT admin may pre-set. Precedence:
 * command-line flags, then environment (HOCBA_DATA_DIR, HOCBA_PORT, HOCBA_MODULE), then
 * `<dataDir>/config.json` (or `--config FILE`), then defaults.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defineErrors } from '@hocba/shared/errors';
import { DEFAULT_COMPANION_PORT, isExtensionOrigin } from '@hocba/shared/protocol';
import { z } from 'zod';

export const configError = defineErrors({
  CONFIG_INVALID: {
    vi: 'Tệp cấu hình {path} không hợp lệ: {issues}',
    en: 'The configuration file {path} is not valid: {issues}',
  },
});

/** The OS's per-user data folder for the companion. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.HOCBA_DATA_DIR) return env.HOCBA_DATA_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'HocBa');
  // HOME from the given environment, so `hocba install` and its tests can aim at another home.
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'HocBa');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'hocba');
}

const secret32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '32 bytes, base64url (43 characters)');

/** A pairing an IT admin provisions (the same secret goes into the browser's managed policy). */
export const provisionedPairingSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/)
    .optional(),
  origin: z
    .string()
    .refine(isExtensionOrigin, 'chrome-extension://<32 letters a-p> or moz-extension://<uuid>'),
  secret: secret32,
  label: z.string().max(256).optional(),
});

/** An http(s) URL (RFC 3161 over HTTP, as the Vietnamese CAs' TSAs speak it). */
export const httpUrlSchema = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      return /^https?:$/.test(new URL(u).protocol);
    } catch {
      return false;
    }
  }, 'http:// or https:// URL');

/**
 * The time-stamp server (TSA) of the school or the province. Set: signatures are PAdES B-T
 * (the TSA's RFC 3161 token proves when), or B-LT with `level` (OCSP/CRL of the signer's and
 * the TSA's chains in /DSS). See README "Time-stamps" for the public Vietnamese TSAs.
 */
export const timestampConfigSchema = z.strictObject({
  url: httpUrlSchema,
  level: z.enum(['B-T', 'B-LT']).optional(),
  /** How long to wait for the TSA (and OCSP/CRL servers) before saying it is unreachable. */
  timeoutSeconds: z.number().int().min(1).max(120).optional(),
});

export const configFileSchema = z.strictObject({
  port: z.number().int().min(1024).max(65535).optional(),
  /** Path of a token's PKCS#11 module, loaded with every known driver found on the PC. */
  module: z.string().max(1024).optional(),
  /**
   * false: load only `module`, no search for the known drivers (a driver that crashes the
   * process on load would otherwise take the companion down at every start).
   */
  moduleSearch: z.boolean().optional(),
  pairings: z.array(provisionedPairingSchema).max(64).optional(),
  /** Extra CA certificates (DER or PEM files) to complete the signer's chain. */
  chainCertificates: z.array(z.string().max(1024)).max(16).optional(),
  /** A login ends after this many idle seconds (default 120). */
  idleTimeoutSeconds: z.number().int().min(10).max(3600).optional(),
  /** Minutes a `hocba pair` code stays valid (default 5). */
  pairingMinutes: z.number().int().min(1).max(30).optional(),
  timestamp: timestampConfigSchema.optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ProvisionedPairing = z.infer<typeof provisionedPairingSchema>;

export interface CompanionConfig {
  dataDir: string;
  port: number;
  module: string | undefined;
  /** Where `module` was named (a hint then says what to fix); absent when nowhere. */
  moduleFrom?: 'option' | 'env' | 'file';
  /** Also load every known token driver present (default true; HOCBA_MODULE_SEARCH=0 turns it off). */
  moduleSearch: boolean;
  pairings: ProvisionedPairing[];
  chainCertificates: string[];
  idleTimeoutSeconds: number;
  pairingMinutes: number;
  /** None: signatures are B-B (the PC's clock is the only time). */
  timestamp: TimestampConfig | undefined;
  configPath: string;
}

export interface TimestampConfig {
  url: string;
  level: 'B-T' | 'B-LT';
  timeoutSeconds: number;
}

export function readConfigFile(path: string): ConfigFile {
  if (!existsSync(path)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw configError('CONFIG_INVALID', {
      path,
      issues: error instanceof Error ? error.message : String(error),
    });
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success)
    throw configError('CONFIG_INVALID', {
      path,
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
  return parsed.data;
}

export interface ConfigOverrides {
  dataDir?: string;
  port?: number;
  module?: string;
  configPath?: string;
}

/**
 * `file`: the configuration file's content when the caller has it already, or `{}` to go on
 * with the defaults when it cannot be read (the doctor reports it and checks the rest).
 */
export function loadConfig(
  overrides: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
  file?: ConfigFile,
): CompanionConfig {
  const dataDir = overrides.dataDir ?? defaultDataDir(env);
  const configPath = overrides.configPath ?? join(dataDir, 'config.json');
  file ??= readConfigFile(configPath);
  const moduleFrom =
    overrides.module !== undefined
      ? 'option'
      : env.HOCBA_MODULE !== undefined
        ? 'env'
        : file.module !== undefined
          ? 'file'
          : undefined;
  const envPort = env.HOCBA_PORT ? Number(env.HOCBA_PORT) : undefined;
  return {
    dataDir,
    port:
      overrides.port ??
      (Number.isInteger(envPort) ? envPort! : undefined) ??
      file.port ??
      DEFAULT_COMPANION_PORT,
    module: overrides.module ?? env.HOCBA_MODULE ?? file.module,
    ...(moduleFrom ? { moduleFrom } : {}),
    moduleSearch:
      env.HOCBA_MODULE_SEARCH !== undefined
        ? !/^(0|off|false|no)$/i.test(env.HOCBA_MODULE_SEARCH)
        : (file.moduleSearch ?? true),
    pairings: file.pairings ?? [],
    chainCertificates: file.chainCertificates ?? [],
    idleTimeoutSeconds: file.idleTimeoutSeconds ?? 120,
    pairingMinutes: file.pairingMinutes ?? 5,
    timestamp: file.timestamp
      ? {
          url: file.timestamp.url,
          level: file.timestamp.level ?? 'B-T',
          timeoutSeconds: file.timestamp.timeoutSeconds ?? 20,
        }
      : undefined,
    configPath,
  };
}

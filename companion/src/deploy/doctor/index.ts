/**
 * `hocba doctor`: one screen for the IT technician. Each check has an explicit status (ok,
 * warning, error, skipped: never a boolean, so "not checked" is never read as "fine") and
 * every finding that is not ok is a typed value with a code and a sentence saying what to do,
 * Vietnamese first. Nothing here changes the PC. One file per group of steps:
 * config-check (config.json), token-checks (module, tokens, certificates, PIN), pc-checks (Node, pairing, port, data
 * folder, disk, autostart, log), port (the probe), findings (the catalogue), format (the screen).
 */
import type { CompanionConfig } from '../../config/index.js';
import type { Pkcs11Module } from '../../pkcs11/index.js';
import { type ConfigProblem, configCheck } from './config-check.js';
import { autostartCheck, logCheck, nodeCheck, pairingAndPortChecks, storageChecks } from './pc-checks.js';
import { type DoctorReport, worst } from './report.js';
import { tokenChecks } from './token-checks.js';

export { hocbaCommand } from '../command-name.js';
export { type ConfigProblem, doctorConfig } from './config-check.js';
export { doctorFinding } from './findings.js';
export { formatDoctorReport } from './format.js';
export { EXTENSION_ORIGIN, type PortProbe, probePort } from './port.js';
export type { Check, CheckStatus, DoctorReport } from './report.js';
export { worst } from './report.js';
export { type CertificateVerdict, EXPIRY_WARNING_DAYS, judgeCertificate } from './token-checks.js';

export interface DoctorOptions {
  config: CompanionConfig;
  /** config.json could not be used (doctorConfig): reported, the rest checked with defaults. */
  configProblem?: ConfigProblem;
  version: string;
  now?: Date;
  /** How many recent log errors to show. */
  logErrors?: number;
  loadModule?: (path: string) => Pkcs11Module;
  /** The platform whose commands the hints name; this PC's by default. */
  platform?: NodeJS.Platform;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { config, platform = process.platform } = options;
  const now = options.now ?? new Date();
  const checks = [
    nodeCheck(),
    configCheck(config, options.configProblem, platform),
    ...tokenChecks({
      config,
      now,
      platform,
      ...(options.loadModule ? { loadModule: options.loadModule } : {}),
    }),
    ...(await pairingAndPortChecks(config, platform)),
    ...storageChecks(config),
    autostartCheck(config, platform),
    logCheck(config, options.logErrors ?? 5, platform),
  ];
  return {
    version: options.version,
    dataDir: config.dataDir,
    status: worst(checks.map((c) => c.status)),
    checks,
  };
}

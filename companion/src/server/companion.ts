/**
 * Puts the companion together from its configuration: data folder layout, pairings, audit
 * log, archive, token service, batch signer and the server.
 *
 *   <dataDir>/config.json          admin configuration (port, module, pre-provisioned pairings)
 *   <dataDir>/pairings.json        pairings made with a code (0600)
 *   <dataDir>/pairing-window.json  the open `hocba pair` window, if any (0600)
 *   <dataDir>/audit.jsonl          audit log (hash chain) and audit.head
 *   <dataDir>/archive/<batch>/     every signed PDF
 *   <dataDir>/batches/             batch journals (resume)
 *   <dataDir>/logs/companion.log   technical log, rotated
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { Archive, removeStaleTemporaries } from '../archive/index.js';
import { AuditLog } from '../audit/index.js';
import { dataPaths } from '../config/data-paths.js';
import type { CompanionConfig } from '../config/index.js';
import { createFileLogger, type Logger } from '../log/index.js';
import { PairingStore } from '../pairing/index.js';
import type { Pkcs11Module } from '../pkcs11/index.js';
import { BatchSigner } from '../signing/batch.js';
import type { SigningEngine } from '../signing/engine.js';
import { installLastResort } from './last-resort.js';
import { type CompanionServer, type CompanionServerOptions, startCompanionServer } from './server.js';
import { TokenService } from './token-service.js';

// Where the data folder's files are: its own module now; still exported here for older imports.
export { dataPaths };

export interface StartCompanionOptions {
  config: CompanionConfig;
  engine: SigningEngine;
  version: string;
  log?: Logger;
  /** Print the log to stderr too (foreground `hocba serve`). */
  echoLog?: boolean;
  loadModule?: (path: string) => Pkcs11Module;
  /** The door's bounds (server.ts DOOR); tests shorten them. */
  door?: CompanionServerOptions['door'];
  /** Log uncaught errors and keep serving (default); off only where a test runner owns them. */
  lastResort?: boolean;
  /** `hocba` as typed on this PC in the pairing hints (server.ts); tests set another platform's. */
  hocbaCommand?: string;
  /** When a peer that does not read its answers stops being read (server.ts); tests lower them. */
  outbound?: CompanionServerOptions['outbound'];
}

export interface RunningCompanion extends CompanionServer {
  dataDir: string;
  pairings: PairingStore;
  tokens: TokenService;
  audit: AuditLog;
  archive: Archive;
  log: Logger;
}

function readCertificateFile(path: string): Uint8Array {
  const data = readFileSync(path);
  const text = data.toString('latin1');
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(text);
  return new Uint8Array(pem ? Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64') : data);
}

export async function startCompanion(options: StartCompanionOptions): Promise<RunningCompanion> {
  const { config } = options;
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const paths = dataPaths(config.dataDir);
  const log = options.log ?? createFileLogger({ dir: paths.logs, echo: options.echoLog ?? false });
  const removed = removeStaleTemporaries(paths.archive);
  if (removed) log.warn('removed unfinished temporary files from the archive', { count: removed });
  const pairings = new PairingStore(config.dataDir, config.pairings);
  const audit = new AuditLog(paths.audit);
  const archive = new Archive(paths.archive);
  const tokens = new TokenService({
    module: config.module,
    moduleSearch: config.moduleSearch,
    idleTimeoutSeconds: config.idleTimeoutSeconds,
    log,
    ...(options.loadModule ? { loadModule: options.loadModule } : {}),
  });
  const batches = new BatchSigner(options.engine, archive, audit, paths.batches);
  // A companion killed mid-document: its journaled files get their audit lines now.
  const rolled = batches.rollForward();
  if (rolled.recovered || rolled.unrecorded)
    log.warn('audit log rolled forward after an interrupted run', rolled);
  const server = await startCompanionServer({
    port: config.port,
    version: options.version,
    pairings,
    tokens,
    batches,
    audit,
    log,
    chain: config.chainCertificates.map(readCertificateFile),
    ...(options.door ? { door: options.door } : {}),
    ...(options.hocbaCommand ? { hocbaCommand: options.hocbaCommand } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
  });
  // Once listening: from here on nothing uncaught may end the process and free the port.
  const lastResort = options.lastResort === false ? undefined : installLastResort(log);
  audit.append({
    event: 'companion.started',
    version: options.version,
    port: server.port,
    ...(config.module ? { module: config.module } : {}),
  });
  return {
    ...server,
    dataDir: config.dataDir,
    pairings,
    tokens,
    audit,
    archive,
    log,
    close: async () => {
      // Each step runs even if the one before throws (a log write failing): the port is always
      // given up and the last-resort handler removed, so a stopped companion cannot linger.
      try {
        tokens.close();
      } finally {
        try {
          await server.close();
        } finally {
          lastResort?.uninstall();
        }
      }
    },
  };
}

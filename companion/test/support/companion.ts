/** Starts an in-process companion on a free port with a temporary data folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { memoryLogger } from '../../src/log/index.js';
import {
  FaultInjectingModule,
  type Pkcs11Api,
  Pkcs11Module,
  SOFTHSM_MODULE,
} from '../../src/pkcs11/index.js';
import { type RunningCompanion, type StartCompanionOptions, startCompanion } from '../../src/server/index.js';
import type { SigningEngine } from '../../src/signing/engine.js';
import { testEngine } from './engine.js';

export interface TestCompanion {
  companion: RunningCompanion;
  dataDir: string;
  /** The fault-injecting wrapper around SoftHSM, once the module was loaded (undefined before). */
  faults(): FaultInjectingModule | undefined;
  logLines: string[];
}

export async function startTestCompanion(
  options: {
    engine?: SigningEngine;
    idleTimeoutSeconds?: number;
    hocbaCommand?: string;
    outbound?: StartCompanionOptions['outbound'];
  } = {},
): Promise<TestCompanion> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hocba-companion-'));
  const config = {
    ...loadConfig({ dataDir, port: 0, module: SOFTHSM_MODULE }, {}),
    idleTimeoutSeconds: options.idleTimeoutSeconds ?? 120,
    // SoftHSM alone, so `faults()` is its wrapper; loading every driver on the PC has its own
    // tests (test/pkcs11/module-set.test.ts, test/deploy/doctor.test.ts).
    moduleSearch: false,
  };
  let wrapper: FaultInjectingModule | undefined;
  // One wrapper for the companion's life, over whichever load of SoftHSM is current: when the
  // companion reinitialises the module (looking for a token put back), a pulled token stays
  // pulled until the test puts it back, as a real one does.
  let real: Pkcs11Api | undefined;
  const current = new Proxy({} as Pkcs11Api, {
    get: (_target, name) => {
      const value = (real as unknown as Record<string | symbol, unknown>)[name];
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
  const log = memoryLogger();
  const companion = await startCompanion({
    config,
    engine: options.engine ?? testEngine(),
    version: '0.0.0-test',
    log,
    ...(options.hocbaCommand ? { hocbaCommand: options.hocbaCommand } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
    loadModule: (path) => {
      real = Pkcs11Module.load(path).api;
      wrapper ??= new FaultInjectingModule(current);
      return new Pkcs11Module(wrapper, path);
    },
  });
  return { companion, dataDir, faults: () => wrapper, logLines: log.lines };
}

/**
 * `hocba serve` (also `hocba companion start`): runs the companion in the foreground until
 * Ctrl+C / SIGTERM. Logs go to <data-dir>/logs/companion.log (rotated) and, with --verbose,
 * to stderr. One line on stdout when ready (JSON with --json), for scripts and the e2e tests.
 */

import { isHocbaError } from '@hocba/shared/errors';
import { DEFAULT_COMPANION_PORT } from '@hocba/shared/protocol';
import { loadConfig } from '../../config/index.js';
import { hocbaCommand } from '../../deploy/command-name.js';
import { FaultInjectingModule, faultsFromEnvironment } from '../../pkcs11/faults.js';
import { Pkcs11Module, tokenError } from '../../pkcs11/index.js';
import { startCompanion } from '../../server/index.js';
import { defaultEngine, timestampEngineOptions } from '../../signing/default-engine.js';
import type { Command } from '../command.js';
import { companionVersion } from '../version.js';
import { parseCommand, usageError } from './args.js';
import { configOverrides, portOption } from './config-options.js';

const USAGE = `Cách dùng / usage: hocba serve [--port N] [--module PATH] [--data-dir DIR] [--config FILE] [--json] [--verbose]
  --port      cổng trên 127.0.0.1 / loopback port (mặc định/default 18127; 0 = any free port)
  --module    thư viện PKCS#11 của token / the token's PKCS#11 module (mặc định: tự tìm / found automatically)
  --data-dir  thư mục dữ liệu / data folder (env HOCBA_DATA_DIR)
  --config    tệp cấu hình / configuration file (default <data-dir>/config.json)
  --json      một dòng JSON khi sẵn sàng (cho script) / one JSON line when ready (for scripts)
  --verbose   in nhật ký ra màn hình / also print the log to the terminal
Ví dụ / examples (dừng bằng Ctrl+C / stop with Ctrl+C):
  hocba serve                           # như khi tự khởi động / as started at login
  hocba serve --port 0 --verbose        # cổng trống bất kỳ, xem nhật ký / any free port, watch the log`;

/**
 * The port is taken: most often by the companion itself, already started at login, else by
 * another program. The technician is told how to tell which, and what to do in each case.
 */
export function portInUseMessage(port: number, hocba: string): string {
  const doctor = port === DEFAULT_COMPANION_PORT ? `${hocba} doctor` : `${hocba} doctor --port ${port}`;
  return [
    `Cổng ${port} đang được một chương trình khác dùng, thường là chính chương trình ký đã chạy (tự khởi động khi đăng nhập).`,
    `Chạy “${doctor}” để biết: dòng “Cổng” báo chương trình ký đang chạy thì không cần chạy thêm; báo chương trình khác thì tắt chương trình đó, hoặc đặt "port" khác trong config.json và cùng cổng đó trong chính sách của tiện ích (companionPort).`,
    `Port ${port} is used by another program, most often the companion itself, already started at login.`,
    `Run “${doctor}” to tell: if its “Port” line says the companion is running, there is nothing more to start; if another program, stop it, or set another "port" in config.json and the same companionPort in the extension policy.`,
  ].join('\n');
}

export async function runServe(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      port: { type: 'string' },
      module: { type: 'string' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    },
    USAGE,
  );
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  // Port 0: any free port (the tests' companions).
  const port = portOption(v, 0, USAGE);
  if (typeof port === 'number') return port;
  const config = loadConfig({ ...configOverrides(v), ...port });
  let companion: Awaited<ReturnType<typeof startCompanion>>;
  let faults: ReturnType<typeof faultsFromEnvironment>;
  try {
    faults = faultsFromEnvironment();
  } catch (error) {
    console.error(isHocbaError(error) ? `${error.vi} / ${error.en}` : String(error));
    return 1;
  }
  if (faults) {
    console.error(
      `CHẾ ĐỘ KIỂM THỬ: token được mô phỏng lỗi / TEST MODE: token faults injected: ${JSON.stringify(faults)}`,
    );
  }
  try {
    companion = await startCompanion({
      config,
      ...(faults
        ? {
            loadModule: (path: string) => {
              // Faults only ever wrap the test token, never a school's real one.
              if (!/softhsm/i.test(path)) throw tokenError('TEST_FAULTS_NOT_SOFTHSM');
              const faulty = new FaultInjectingModule(Pkcs11Module.load(path).api);
              faulty.faults = { ...faults };
              return new Pkcs11Module(faulty, path);
            },
          }
        : {}),
      engine: await defaultEngine(timestampEngineOptions(config.timestamp)),
      version: companionVersion(),
      echoLog: Boolean(v.verbose),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      console.error(portInUseMessage(config.port, hocbaCommand()));
      return 1;
    }
    console.error(String(error));
    return 1;
  }
  const ready = {
    status: 'listening',
    address: `127.0.0.1:${companion.port}`,
    port: companion.port,
    dataDir: config.dataDir,
  };
  if (v.json) console.log(JSON.stringify(ready));
  else
    console.log(
      `Chương trình ký đang chạy tại 127.0.0.1:${companion.port} (dữ liệu: ${config.dataDir}). Ctrl+C để dừng. / Companion listening on 127.0.0.1:${companion.port}.`,
    );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  try {
    await companion.close();
    companion.log.info('companion stopped');
  } catch (error) {
    // Stopped all the same (close gives up the port first); say why the ending was not clean.
    console.error(
      `Chương trình ký đã dừng nhưng không ghi được nhật ký / the companion stopped but could not write its log: ${String(error)}`,
    );
    return 1;
  }
  return 0;
}

const COMPANION_USAGE = `Cách dùng / usage: hocba companion start [tuỳ chọn của serve / options of serve]
${USAGE}`;

export const serveCommand: Command = {
  name: 'serve',
  summary: { vi: 'Chạy chương trình ký (companion)', en: 'Run the signing companion' },
  run: runServe,
};

/** `hocba companion start ...`: the spelling of `hocba serve`. */
export const companionCommand: Command = {
  name: 'companion',
  summary: { vi: 'companion start: như serve', en: 'companion start: same as serve' },
  run: async (args) => {
    const [sub, ...rest] = args;
    if (sub === 'start') return runServe(rest);
    // An option in place of `start`: --help/-h, or a wrong option, answered as every command does.
    if (sub?.startsWith('-')) {
      const parsed = parseCommand([sub], {}, COMPANION_USAGE);
      if (typeof parsed === 'number') return parsed;
    }
    return usageError({ vi: 'Lệnh con không có', en: 'unknown subcommand' }, COMPANION_USAGE);
  },
};

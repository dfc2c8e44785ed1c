/**
 * `hocba demo-token`: a SoftHSM2 token with a demo PKI, for the demo and for trying the
 * product without a real token. User PIN 12345678 (the usual factory default of tokens sold
 * in Vietnam). Every certificate says it is a demo with no legal value. Idempotent: an
 * existing demo token is reported, not replaced (unless --force).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { createDemoPki, createSoftHsmToken, SOFTHSM_MODULE } from '../../pkcs11/index.js';
import type { Command } from '../command.js';
import { parseCommand } from './args.js';
import { configOverrides } from './config-options.js';

export const DEMO_PIN = '12345678';
export const DEMO_TOKEN_LABEL = 'HOCBA-DEMO';

const USAGE = `Cách dùng / usage: hocba demo-token [--data-dir DIR] [--label LABEL] [--force] [--json]
  token SoftHSM2 với PKI demo (GVCN, hiệu trưởng, con dấu; PIN 12345678), chỉ để thử
  / a SoftHSM2 token with a demo PKI (teacher, principal, seal; PIN 12345678), for trying only
  --label   nhãn token / token label (mặc định/default HOCBA-DEMO)
  --force   tạo lại dù đã có / recreate it even if it exists
Ví dụ / examples:
  hocba demo-token                      # in SOFTHSM2_CONF=… để dùng với --module /usr/lib/softhsm/libsofthsm2.so`;

/**
 * What a by-hand run needs: SoftHSM reads SOFTHSM2_CONF when it loads, and its driver is
 * loaded only when named (it is no school's driver); without both, "no token".
 */
function byHand(confPath: string, modulePath: string, dataDir: string): string {
  return [
    'Dùng token này / use this token (SoftHSM chỉ thấy nó với cả hai / SoftHSM sees it only with both):',
    `  export SOFTHSM2_CONF=${confPath}`,
    `  hocba serve --module ${modulePath} --data-dir ${dataDir}          # chương trình ký / the companion`,
    `  hocba sign <tệp.json|pdf> --role teacher --out da-ky --module ${modulePath}   # ký bằng tay / sign by hand`,
  ].join('\n');
}

export const demoTokenCommand: Command = {
  name: 'demo-token',
  summary: {
    vi: 'Tạo token SoftHSM2 demo (không có giá trị pháp lý)',
    en: 'Create a demo SoftHSM2 token (no legal value)',
  },
  async run(args) {
    const parsed = parseCommand(
      args,
      {
        'data-dir': { type: 'string' },
        label: { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const config = loadConfig(configOverrides(v));
    const label = typeof v.label === 'string' ? v.label : DEMO_TOKEN_LABEL;
    const pkiDir = join(config.dataDir, 'demo-pki');
    const tokenDir = join(config.dataDir, 'softhsm');
    const confPath = join(tokenDir, 'softhsm2.conf');
    if (existsSync(confPath) && !v.force) {
      const out = {
        status: 'exists',
        label,
        confPath,
        modulePath: SOFTHSM_MODULE,
        pin: DEMO_PIN,
        root: join(pkiDir, 'root.pem'),
      };
      if (v.json) console.log(JSON.stringify(out));
      else
        console.log(
          `Token demo đã có / demo token exists: ${confPath}  (--force để tạo lại / to recreate)\n${byHand(confPath, SOFTHSM_MODULE, config.dataDir)}`,
        );
      return 0;
    }
    if (!existsSync(SOFTHSM_MODULE)) {
      console.error(
        `Chưa cài SoftHSM2 (${SOFTHSM_MODULE}): apt-get install softhsm2 opensc / SoftHSM2 is not installed.`,
      );
      return 1;
    }
    rmSync(tokenDir, { recursive: true, force: true });
    rmSync(pkiDir, { recursive: true, force: true });
    const pki = createDemoPki(pkiDir);
    const objects = pki.entities
      .filter((e) => e.role !== 'root')
      .map((e) => ({
        id: e.id,
        label: e.label,
        certDerPath: e.certDerPath,
        ...(e.role === 'ca' ? {} : { keyPath: e.keyPath }),
      }));
    const token = createSoftHsmToken({
      dir: tokenDir,
      label,
      pin: DEMO_PIN,
      soPin: `${DEMO_PIN}so`,
      objects,
    });
    const out = {
      status: 'created',
      label,
      serial: token.serial,
      confPath: token.confPath,
      modulePath: token.modulePath,
      pin: DEMO_PIN,
      root: pki.rootPemPath,
      certificates: pki.entities
        .filter((e) => e.id && e.role !== 'ca')
        .map((e) => ({ id: e.id, role: e.role, subject: e.subject })),
    };
    if (v.json) {
      console.log(JSON.stringify(out));
      return 0;
    }
    console.log(`Đã tạo token demo / demo token created: ${label} (serial ${token.serial}), PIN ${DEMO_PIN}`);
    for (const c of out.certificates) console.log(`  [${c.id}] ${c.role}: ${c.subject}`);
    console.log(`Gốc demo / demo root: ${pki.rootPemPath}`);
    console.log(byHand(token.confPath, token.modulePath, config.dataDir));
    console.log(
      'Mọi chứng thư là DEMO, không có giá trị pháp lý. / Every certificate is a DEMO with no legal value.',
    );
    return 0;
  },
};

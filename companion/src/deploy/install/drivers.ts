/**
 * The token drivers the installed companion will load. They are not pinned in config.json:
 * the companion loads every known driver on the PC at each start (a driver installed later
 * counts too); only --module is written.
 */
import { join } from 'node:path';
import type { Bilingual } from '@hocba/shared/errors';
import { readConfigFile } from '../../config/index.js';
import { findModules } from '../../pkcs11/modules.js';
import { hocbaCommand } from '../command-name.js';
import { installError } from './errors.js';
import type { ModulesFound } from './plan.js';

export function planDrivers(options: {
  /** A PKCS#11 module path given by the technician; else chosen automatically. */
  module: string | undefined;
  dataDir: string;
  platform: NodeJS.Platform;
  exists: (path: string) => boolean;
}): { module: ModulesFound; warnings: Bilingual[] } {
  const { dataDir, platform, exists } = options;
  const warnings: Bilingual[] = [];
  let module: ModulesFound;
  if (options.module) {
    if (!exists(options.module)) throw installError('MODULE_FILE_MISSING', { path: options.module });
    module = {
      status: 'configured',
      modules: findModules(options.module, { exists, platform }).load,
    };
  } else {
    const configPath = join(dataDir, 'config.json');
    const configured = exists(configPath) ? readConfigFile(configPath).module : undefined;
    const search = findModules(configured, { exists, platform });
    module = search.load.length
      ? { status: configured ? 'configured' : 'found', modules: search.load }
      : { status: 'notFound', tried: search.tried };
    if (module.status === 'notFound')
      warnings.push({
        vi: `Chưa tìm thấy driver (thư viện PKCS#11) của token nào đã biết. Cài driver của nhà cung cấp chứng thư số rồi chạy lại “${hocbaCommand(platform)} install”, hoặc chỉ đường dẫn bằng --module.`,
        en: `No known token driver (PKCS#11 module) was found. Install the CA vendor’s driver and run “${hocbaCommand(platform)} install” again, or give the path with --module.`,
      });
  }
  return { module, warnings };
}

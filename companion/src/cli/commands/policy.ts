/**
 * `hocba policy --pairing new|<id>:<secret>|<id> --out DIR`: writes the browser policies and
 * the companion's pairing for one school (companion/src/deploy/policy.ts), and adds that
 * pairing to this PC's config.json so this companion accepts it at once (--no-local: don't).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHocbaError } from '@hocba/shared/errors';
import { writeFileAtomic } from '../../archive/index.js';
import { AuditLog } from '../../audit/index.js';
import { dataPaths } from '../../config/data-paths.js';
import { configFileSchema, loadConfig, readConfigFile } from '../../config/index.js';
import {
  generatePolicies,
  type Portal,
  parsePortal,
  policyFileBytes,
  resolvePairing,
} from '../../deploy/policy.js';
import { PairingStore } from '../../pairing/index.js';
import type { Command } from '../command.js';
import { parseCommand, usageError } from './args.js';
import { configOverrides, portOption } from './config-options.js';
import { checkTimestampOptions, timestampOption } from './timestamp-options.js';

const USAGE = `Cách dùng / usage: hocba policy --pairing new|<id>:<secret>|<id> --out DIR [options]
  --pairing        new: tạo ghép nối mới / a new pairing; <id>:<secret>: dùng cái đã có / use that one;
                   <id>: một ghép nối đã có trên máy này / a pairing already on this PC
  --out            thư mục ghi tệp chính sách / folder for the policy files
  --port N         cổng của chương trình ký / companion port (companionPort)
  --label L        tên ghép nối / pairing label (vd/e.g. "TH Kim Đồng")
  --trust-anchor F chứng thư gốc PEM thêm (lặp lại được) / extra root PEM file (repeatable)
  --portal "Tên=https://...[=bộ-chuyển-đổi]"  cổng thông tin của trường, và mã bộ chuyển đổi đọc nó (lặp lại được)
                   / school portal, and the id of the adapter that reads it (repeatable)
  --update-url U   địa chỉ cập nhật tiện ích / extension update URL (mặc định/default Chrome Web Store)
  --firefox-install-url U   tệp .xpi cho Firefox / Firefox .xpi URL
  --tsa URL        máy chủ dấu thời gian RFC 3161 của Sở/trường cho config.json mỗi máy / the province's or school's time-stamp server for every PC's config.json
  --level B-T|B-LT mức chữ ký khi có --tsa / signature level with --tsa (mặc định/default B-T)
  --no-local       không thêm ghép nối vào máy này / don't add the pairing to this PC
  [--data-dir DIR] [--config FILE] [--json]
  Các tệp tạo ra chứa khoá ghép nối bí mật / the files hold the pairing secret (docs/install.md, mục/section 4).
Ví dụ / examples:
  hocba policy --pairing new --out chinh-sach --label "TH Kim Đồng"
  hocba policy --pairing new --out chinh-sach --portal "VnEdu=https://vnedu.vn" --portal "Cổng trường=https://hocba.truong.edu.vn=demo-portal-a"`;

export const policyCommand: Command = {
  name: 'policy',
  summary: {
    vi: 'Tạo tệp chính sách trình duyệt (Chrome, Edge, Cốc Cốc, Firefox) và ghép nối sẵn cho một trường',
    en: 'Write browser policies (Chrome, Edge, Cốc Cốc, Firefox) and a pre-provisioned pairing for one school',
  },
  async run(args) {
    const parsed = parseCommand(
      args,
      {
        pairing: { type: 'string' },
        out: { type: 'string' },
        port: { type: 'string' },
        label: { type: 'string' },
        'trust-anchor': { type: 'string', multiple: true },
        portal: { type: 'string', multiple: true },
        'update-url': { type: 'string' },
        'firefox-install-url': { type: 'string' },
        'no-local': { type: 'boolean' },
        tsa: { type: 'string' },
        level: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        json: { type: 'boolean' },
      },
      USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
    if (typeof v.pairing !== 'string' || typeof v.out !== 'string')
      return usageError({ vi: 'Cần --pairing và --out', en: '--pairing and --out are required' }, USAGE);
    const timestampError = checkTimestampOptions(v, USAGE);
    if (timestampError !== undefined) return timestampError;
    // The browsers' policy names this port for every PC: one a companion may listen on (config.json's range).
    const portGiven = portOption(v, 1024, USAGE);
    if (typeof portGiven === 'number') return portGiven;
    const { port } = portGiven;
    const config = loadConfig(configOverrides(v));
    const store = new PairingStore(config.dataDir, config.pairings);
    let bundle: ReturnType<typeof generatePolicies>;
    try {
      const pairing = resolvePairing(v.pairing, store.list());
      const portals: Portal[] = ((v.portal as string[] | undefined) ?? []).map(parsePortal);
      const trustAnchors = ((v['trust-anchor'] as string[] | undefined) ?? []).map((file) =>
        readFileSync(file, 'utf8').trim(),
      );
      bundle = generatePolicies({
        pairing,
        ...(typeof v.label === 'string' ? { label: v.label } : {}),
        ...(port !== undefined ? { port } : {}),
        trustAnchors,
        portals,
        ...(typeof v['update-url'] === 'string' ? { updateUrl: v['update-url'] } : {}),
        ...timestampOption(v),
        ...(typeof v['firefox-install-url'] === 'string'
          ? { firefoxInstallUrl: v['firefox-install-url'] }
          : {}),
      });
    } catch (error) {
      if (isHocbaError(error)) {
        console.error(`${error.vi}\n${error.en}`);
        return 2;
      }
      console.error(String(error));
      return 2;
    }
    // Pairing secrets inside: readable by this user only.
    for (const file of bundle.files) writeFileAtomic(join(v.out, file.path), policyFileBytes(file), 0o600);

    let local = false;
    if (!v['no-local']) {
      const existing = readConfigFile(config.configPath);
      const pairings = [
        ...(existing.pairings ?? []).filter((p) => p.id !== bundle.pairing.id),
        bundle.pairing,
      ];
      const next = configFileSchema.parse({
        ...existing,
        ...(port !== undefined ? { port } : {}),
        pairings,
        ...(bundle.companionTimestamp ? { timestamp: bundle.companionTimestamp } : {}),
      });
      writeFileAtomic(config.configPath, `${JSON.stringify(next, null, 2)}\n`, 0o600);
      new AuditLog(dataPaths(config.dataDir).audit).append({
        event: 'pairing.created',
        pairingId: bundle.pairing.id,
        origin: bundle.pairing.origin,
        source: 'admin',
        ...(bundle.pairing.label ? { label: bundle.pairing.label } : {}),
      });
      local = true;
    }
    if (v.json) {
      console.log(
        JSON.stringify({
          out: v.out,
          pairingId: bundle.pairing.id,
          origin: bundle.pairing.origin,
          files: bundle.files.map((f) => f.path),
          local: local ? config.configPath : null,
        }),
      );
      return 0;
    }
    console.log(
      `Đã ghi chính sách vào / policies written to ${v.out} (ghép nối / pairing ${bundle.pairing.id}):`,
    );
    for (const f of bundle.files) console.log(`  ${f.path}\n      → ${f.destination}`);
    if (local)
      console.log(
        `Đã thêm ghép nối vào máy này / pairing added to this PC: ${config.configPath}\n` +
          'Nếu chương trình ký đang chạy, hãy khởi động lại nó (nó đọc cấu hình khi khởi động). / If the companion is running, restart it (it reads its configuration at start).',
      );
    console.log(
      'Các tệp chứa khoá bí mật ghép nối: chỉ chép vào máy của trường. / The files hold the pairing secret: copy them to the school’s PCs only.',
    );
    return 0;
  },
};

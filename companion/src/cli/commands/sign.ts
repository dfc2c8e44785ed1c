/**
 * `hocba sign <file>... --role teacher|principal|seal --out DIR`: headless signing for IT
 * staff and bulk work, with the same engine, archive, journal and audit as the companion.
 * A `.json` file is a record (hocba-tieuhoc): rendered by the shared renderer, the record
 * inside, then signed; any other file is a PDF signed as it is. Output: <name>.signed.pdf.
 * PIN from a hidden prompt, or the first line of standard input with --pin-stdin.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { isHocbaError } from '@hocba/shared/errors';
import type { DocumentToSign, SignRequest } from '@hocba/shared/protocol';
import {
  decodeRecordBytes,
  describeJsonError,
  MAX_RECORDS_FILE_BYTES,
  recordErrors,
  stripBom,
} from '@hocba/shared/record';
import type { SignatureRole } from '@hocba/shared/roles';
import { DEFAULT_MAX_BYTES } from '@hocba/shared/verify';
import { Archive, writeFileAtomic } from '../../archive/index.js';
import { AuditLog } from '../../audit/index.js';
import { dataPaths } from '../../config/data-paths.js';
import { httpUrlSchema, loadConfig } from '../../config/index.js';
import { createFileLogger } from '../../log/index.js';
import { findModules, ModuleSet, SOFTHSM_MODULE, tokenError } from '../../pkcs11/index.js';
import { BatchSigner } from '../../signing/batch.js';
import { defaultEngine, timestampEngineOptions } from '../../signing/default-engine.js';
import type { Command } from '../command.js';
import { checkRegularFile, readBoundedFile } from '../files.js';
import { parseCommand, usageError } from './args.js';
import { configOverrides } from './config-options.js';
import { cliBatchId, SignedFileNames } from './sign-output.js';
import { chooseSigner, pinRefusal, type SignChoice, softHsmHint } from './sign-token.js';

const USAGE = `Cách dùng / usage: hocba sign <tệp.pdf|học-bạ.json>... --role teacher|principal|seal --out THƯ_MỤC
  [--token SERIAL|LABEL] [--cert CKA_ID] [--module PATH] [--data-dir DIR] [--pin-stdin] [--confirm-final-try]
  [--tsa URL] [--level B-T|B-LT] [--without-timestamp]
  --tsa URL            máy chủ dấu thời gian (RFC 3161), thay cho config.json / time-stamp server, instead of config.json
  --without-timestamp  ký mức B-B khi không với tới máy chủ dấu thời gian (ghi vào nhật ký kiểm toán)
                       / sign at B-B when the time-stamp server cannot be reached (recorded in the audit log)
  --role               vai trò người ký / the signer's role: teacher (GVCN), principal (hiệu trưởng), seal (con dấu)
  --token, --cert      chọn token (số sê-ri hoặc nhãn) và chứng thư (CKA_ID) khi có nhiều / pick a token and certificate
  --pin-stdin          đọc PIN từ đầu vào chuẩn thay vì hỏi / read the PIN from standard input instead of asking
  --confirm-final-try  vẫn ký khi token chỉ còn một lần thử PIN / sign even when one PIN try is left
Ví dụ / examples (hỏi PIN một lần / asks for the PIN once):
  hocba sign lop-3a/*.json --role teacher --out da-ky          # học bạ JSON → PDF đã ký / records → signed PDFs
  hocba sign da-ky/*.pdf --role principal --out da-duyet       # hiệu trưởng ký tiếp / the principal signs next
  hocba sign da-ky/*.pdf --role principal --out da-duyet --token HT-MINH   # hai token / two tokens: chọn một / pick one
  hocba sign hs.json --role teacher --out da-ky --module /usr/lib/softhsm/libsofthsm2.so
      # token demo: cần thêm SOFTHSM2_CONF mà “hocba demo-token” in ra / the demo token: also SOFTHSM2_CONF as “hocba demo-token” prints it`;

/** The most a `hocba sign` input may hold: a record as `hocba check` takes it, a PDF as the verifier does. */
const inputCap = (file: string) => (/\.json$/i.test(file) ? MAX_RECORDS_FILE_BYTES : DEFAULT_MAX_BYTES);

/** Fails now, before the PIN, on an input that is not a regular file or is too large; opens nothing. */
function checkReadable(file: string): void {
  checkRegularFile(file, inputCap(file));
}

/** A PDF's bytes when its turn in the batch comes: a long batch holds one or two inputs, not all. */
function readPdfFile(file: string): Uint8Array {
  return readBoundedFile(file, inputCap(file));
}

const ROLE_NAMES: Record<string, SignatureRole> = {
  teacher: 'gvcn',
  gvcn: 'gvcn',
  principal: 'principal',
  seal: 'seal',
};

async function readPin(fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line.replace(/\r$/, '');
    }
    return '';
  }
  // A hidden prompt: the terminal shows nothing while the PIN is typed.
  process.stderr.write('Mã PIN / PIN: ');
  const stdin = process.stdin;
  stdin.setRawMode?.(true);
  stdin.resume();
  return new Promise((resolve) => {
    let pin = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.off('data', onData);
          stdin.setRawMode?.(false);
          stdin.pause();
          process.stderr.write('\n');
          resolve(pin);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') pin = pin.slice(0, -1);
        else pin += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** A record (`.json`, rendered by the companion) or a PDF to sign as it is. */
function documentFor(file: string, i: number): DocumentToSign {
  const base = { docId: `f${i}`, name: basename(file).slice(0, 256) };
  if (/\.json$/i.test(file)) {
    let decoded: ReturnType<typeof decodeRecordBytes>;
    try {
      // UTF-8 with or without a BOM, or UTF-16 with its BOM, as Windows tools save it.
      decoded = decodeRecordBytes(readBoundedFile(file, MAX_RECORDS_FILE_BYTES));
    } catch (error) {
      if (isHocbaError(error)) throw error; // not a regular file, too large, unreadable: typed already
      const reason = `${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
      throw recordErrors('RECORD_NOT_JSON', { reason, reasonEn: reason });
    }
    if ('issue' in decoded) {
      const { vi, en } = decoded.issue.reason;
      throw recordErrors('RECORD_NOT_JSON', { reason: `${file}: ${vi}`, reasonEn: `${file}: ${en}` });
    }
    const text = stripBom(decoded.text);
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      const reason = describeJsonError(error, text);
      throw recordErrors('RECORD_NOT_JSON', {
        reason: `${file}: ${reason.vi}`,
        reasonEn: `${file}: ${reason.en}`,
      });
    }
    // Not an object: the batch's format check names the problem (RECORD_INVALID).
    const value = (typeof record === 'object' && record !== null ? record : { record }) as Record<
      string,
      unknown
    >;
    return { ...base, kind: 'record', record: value };
  }
  checkReadable(file);
  // Read when its turn comes (BatchContext.readPdf), not into the request.
  return { ...base, kind: 'pdf', pdfBase64: '' };
}

export const signCommand: Command = {
  name: 'sign',
  summary: {
    vi: 'Ký tệp PDF hoặc học bạ (.json) bằng token (không cần trình duyệt)',
    en: 'Sign PDF or record (.json) files with the token (headless)',
  },
  async run(args) {
    const parsed = parseCommand(
      args,
      {
        role: { type: 'string' },
        out: { type: 'string' },
        token: { type: 'string' },
        cert: { type: 'string' },
        module: { type: 'string' },
        'data-dir': { type: 'string' },
        'pin-stdin': { type: 'boolean' },
        'confirm-final-try': { type: 'boolean' },
        tsa: { type: 'string' },
        level: { type: 'string' },
        'without-timestamp': { type: 'boolean' },
      },
      USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const role = typeof v.role === 'string' ? ROLE_NAMES[v.role] : undefined;
    if (!role) return usageError({ vi: 'Thiếu hoặc sai --role', en: 'missing or wrong --role' }, USAGE);
    if (typeof v.out !== 'string') return usageError({ vi: 'Thiếu --out', en: 'missing --out' }, USAGE);
    // The folder is made (or found unusable) now, not after the PIN and the signatures.
    try {
      mkdirSync(v.out, { recursive: true });
      if (!statSync(v.out).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      return usageError(
        {
          vi: `--out ${v.out} không phải thư mục ghi được (${code}): chọn một thư mục khác`,
          en: `--out ${v.out} is not a folder that can be written (${code}): choose another folder`,
        },
        USAGE,
      );
    }
    if (parsed.positionals.length === 0)
      return usageError({ vi: 'Chưa chọn tệp PDF nào', en: 'no PDF given' }, USAGE);
    const config = loadConfig(configOverrides(v));
    if (v.level !== undefined && v.level !== 'B-T' && v.level !== 'B-LT')
      return usageError({ vi: '--level: B-T hoặc B-LT', en: '--level: B-T or B-LT' }, USAGE);
    if (typeof v.tsa === 'string' && !httpUrlSchema.safeParse(v.tsa).success)
      return usageError(
        { vi: `--tsa không phải địa chỉ http(s): ${v.tsa}`, en: `--tsa is not an http(s) URL: ${v.tsa}` },
        USAGE,
      );
    const timestamp =
      typeof v.tsa === 'string'
        ? {
            url: v.tsa,
            level: (v.level as 'B-T' | 'B-LT' | undefined) ?? config.timestamp?.level ?? 'B-T',
            timeoutSeconds: config.timestamp?.timeoutSeconds ?? 20,
          }
        : config.timestamp && v.level
          ? { ...config.timestamp, level: v.level as 'B-T' | 'B-LT' }
          : config.timestamp;
    const withoutTimestamp = Boolean(v['without-timestamp']);
    const paths = dataPaths(config.dataDir);
    const log = createFileLogger({ dir: paths.logs, name: 'sign' });
    const search = findModules(config.module, { search: config.moduleSearch });
    if (search.load.length === 0) {
      console.error(tokenError('MODULE_NOT_FOUND').toString());
      return 1;
    }
    let module: ModuleSet | undefined;
    try {
      // Check every file first (records parsed, PDFs opened): a broken one fails before the PIN is asked.
      const files = parsed.positionals;
      const documents = files.map((file, i) => documentFor(file, i));
      module = ModuleSet.open(search);
      // Every driver on the PC: one that fails is said, and the tokens of the others still count.
      for (const failure of module.failed) console.error(failure.error.toString());
      const tokens = module.listTokens();
      for (const failure of module.listFailures) console.error(failure.error.toString());
      let choice: SignChoice;
      try {
        choice = chooseSigner(tokens, {
          role,
          ...(typeof v.token === 'string' ? { token: v.token } : {}),
          ...(typeof v.cert === 'string' ? { cert: v.cert } : {}),
          modules: module.paths,
        });
      } catch (error) {
        console.error(isHocbaError(error) ? error.toString() : String(error));
        const hint =
          tokens.length === 0
            ? softHsmHint(module.paths, SOFTHSM_MODULE, existsSync(SOFTHSM_MODULE))
            : undefined;
        if (hint) console.error(`  → ${hint.vi}\n    ${hint.en}`);
        return 1;
      }
      const { token, certificate: cert } = choice;
      // Said before the PIN is typed: a locked PIN cannot sign, and a last try is not spent unasked.
      const refusal = pinRefusal(token, Boolean(v['confirm-final-try']));
      if (refusal) {
        console.error(refusal.error.toString());
        if (refusal.hint) console.error(`  → ${refusal.hint.vi} / ${refusal.hint.en}`);
        return 1;
      }
      console.error(`Ký bằng / signing with: ${cert.subject.text} (${token.label})`);
      console.error(
        timestamp && !withoutTimestamp
          ? `Dấu thời gian / time-stamp: ${timestamp.url} (${timestamp.level})`
          : withoutTimestamp
            ? 'Không dùng dấu thời gian (B-B, ghi vào nhật ký kiểm toán) / no time-stamp (B-B, recorded in the audit log)'
            : 'Chưa cấu hình máy chủ dấu thời gian: mức B-B / no time-stamp server configured: level B-B',
      );
      const pin = await readPin(Boolean(v['pin-stdin']));
      const session = module.login({ serial: token.serial }, pin, {
        confirmFinalTry: Boolean(v['confirm-final-try']),
      });
      const audit = new AuditLog(paths.audit);
      audit.append({ event: 'login.succeeded', pairingId: 'cli', token: token.label, serial: token.serial });
      const batches = new BatchSigner(
        await defaultEngine(timestampEngineOptions(timestamp)),
        new Archive(paths.archive),
        audit,
        paths.batches,
      );
      batches.rollForward();
      const request: SignRequest = {
        v: 1,
        type: 'sign',
        id: 'cli',
        // The same files, certificate, role and time-stamp settings: the same batch, so a run
        // again (after a kill) resumes it instead of signing everything a second time.
        batchId: cliBatchId(
          role,
          cert.fingerprintSha256,
          files,
          JSON.stringify([timestamp?.url ?? null, timestamp?.level ?? null, withoutTimestamp]),
        ),
        token: { serial: token.serial },
        certificateId: cert.id,
        role,
        total: files.length,
        documents,
        ...(withoutTimestamp ? { withoutTimestamp: true } : {}),
      };
      let failed = 0;
      let fromArchive = 0;
      const names = new SignedFileNames(v.out as string);
      const result = await batches.signPart(request, {
        pairingId: 'cli',
        session,
        chain: [],
        readPdf: (doc) => readPdfFile(files[Number(doc.docId.slice(1))]!),
        signedBytes: true,
        emit: async (event) => {
          const file = files[Number(event.docId.slice(1))]!;
          if (event.status === 'failed') {
            failed++;
            console.error(`✗ ${file}: ${event.error?.message.vi} (${event.error?.message.en})`);
            if (event.error?.code === 'TIMESTAMP_UNREACHABLE')
              console.error(
                '  → Ký lại khi có mạng, hoặc thêm --without-timestamp để ký mức B-B / sign again when the network is back, or add --without-timestamp to sign at B-B',
              );
            return;
          }
          const bytes = event.pdf ?? Buffer.from(event.pdfBase64 ?? '', 'base64');
          if (event.status === 'alreadySigned') {
            // Signed by an earlier run of this command (killed, or run again): not signed twice.
            fromArchive++;
            const kept = names.findSame(file, event.sha256 ?? '');
            if (kept) {
              console.log(
                `= ${kept}  ${event.level ?? ''}  sha256=${event.sha256}  (đã ký trước đó, giữ nguyên / signed before, kept)`,
              );
              return;
            }
          }
          const out = names.next(file);
          try {
            writeFileAtomic(out, bytes, 0o644);
          } catch (error) {
            // Signed and archived already: the copy in --out is what failed (disk full, no rights).
            failed++;
            const code = (error as NodeJS.ErrnoException).code ?? String(error);
            console.error(
              `✗ ${out}: không ghi được (${code}); tệp đã ký vẫn được lưu trong kho ${paths.archive} / could not be written (${code}); the signed file is kept in the archive ${paths.archive}`,
            );
            return;
          }
          console.log(
            `✓ ${out}  ${event.level ?? ''}  sha256=${event.sha256}${
              event.status === 'alreadySigned'
                ? '  (đã ký trước đó, lấy từ kho lưu, không ký lại / signed before, from the archive, not signed again)'
                : ''
            }`,
          );
        },
      });
      session.logout();
      log.info('headless batch finished', {
        status: result.status,
        signed: result.signed.length,
        notSigned: result.notSigned.length,
      });
      console.error(
        `Đã ký / signed: ${result.signed.length}${
          fromArchive > 0
            ? ` (${fromArchive} đã ký ở lần chạy trước, không ký lại / signed by an earlier run, not signed again)`
            : ''
        }; chưa ký / not signed: ${result.notSigned.length}`,
      );
      return failed > 0 || result.notSigned.length > 0 ? 1 : 0;
    } catch (error) {
      console.error(isHocbaError(error) ? error.toString() : String(error));
      return 1;
    } finally {
      module?.close();
    }
  },
};

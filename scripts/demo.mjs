// The demo, after scripts/demo.sh has set up and built: see README. Flags:
//   --no-browser   never start Chromium (what happens anyway without a display)
//   --check        start everything, check it answers, stop, exit 0 (used by the tests)
//   --reset        a new demo token (PKI and PIN reset), a new pairing, fresh portal data
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoPortals } from '../test/demo-portals/server.mjs';
import { signAsTeacher } from '../test/demo-portals/sign-submissions.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const check = args.includes('--check');
const reset = args.includes('--reset');
// HOCBA_DEMO_DIR: another folder for the demo's token, pairing and portal data (the tests use one).
const dataDir = process.env.HOCBA_DEMO_DIR ?? join(root, '.demo');
const companionDir = join(dataDir, 'companion');
const HOCBA = join(root, 'companion/bin/hocba.js');
const EXTENSION_ID = 'jfholdamahenahlfmimleieloadpkmgo';
const ORIGIN = `chrome-extension://${EXTENSION_ID}`;
const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const PORT = Number(process.env.HOCBA_PORT ?? (check ? 0 : 18127));
const PORT_A = check ? 0 : 18281;
const PORT_B = check ? 0 : 18282;
const PORT_EDOC = check ? 0 : 18283;
const PORT_VNEDU = check ? 0 : 18284;

mkdirSync(companionDir, { recursive: true });
const hocba = (a, env = process.env) => execFileSync('node', [HOCBA, ...a], { encoding: 'utf8', env });

// 1. The demo token (idempotent) and the demo pairing (made once, kept in .demo/). --reset
// makes both anew: a token locked by wrong PINs, a pairing lost with a browser profile.
const token = JSON.parse(
  hocba(['demo-token', '--data-dir', companionDir, '--json', ...(reset ? ['--force'] : [])]),
);
const env = { ...process.env, SOFTHSM2_CONF: token.confPath };
const pairingFile = join(dataDir, 'pairing.json');
if (reset && existsSync(pairingFile)) {
  // The old pairing is revoked, not only forgotten here.
  spawnSync('node', [HOCBA, 'pair', '--revoke', ORIGIN, '--data-dir', companionDir], { env });
  rmSync(pairingFile);
}
if (!existsSync(pairingFile)) {
  const made = JSON.parse(
    hocba(['pair', '--add', ORIGIN, '--label', 'demo', '--json', '--data-dir', companionDir], env),
  );
  writeFileSync(pairingFile, JSON.stringify({ pairingId: made.pairingId, secret: made.secret }));
}
const pairing = JSON.parse(readFileSync(pairingFile, 'utf8'));

// 2. The companion on loopback.
const companion = spawn(
  'node',
  [HOCBA, 'serve', '--port', String(PORT), '--data-dir', companionDir, '--module', MODULE, '--json'],
  {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
// Whatever way the demo ends (Ctrl+C, an error), the companion does not outlive it.
process.on('exit', () => companion.kill('SIGTERM'));
const companionPort = await new Promise((resolve, reject) => {
  let out = '';
  companion.stdout.on('data', (d) => {
    out += String(d);
    const line = out.split('\n').find((l) => l.includes('"listening"'));
    if (line) resolve(JSON.parse(line).port);
  });
  companion.once('exit', (code) => reject(new Error(`hocba serve stopped (${code})`)));
}).catch(() => {
  // hocba serve said why above (usually: the port is taken).
  console.error(`
Không khởi động được chương trình ký của bản demo (xem dòng trên). Nếu bản demo đang chạy ở
cửa sổ khác, dừng nó (Ctrl+C); nếu cổng ${PORT} đang bận, chọn cổng khác: HOCBA_PORT=18130 npm run demo
The demo's companion did not start (see above). If the demo runs in another window, stop it
(Ctrl+C); if port ${PORT} is taken, choose another: HOCBA_PORT=18130 npm run demo`);
  process.exit(1);
});

// 3. The demo portals, trusting the demo root for their upload check.
const portals = await startDemoPortals({
  dataDir: join(dataDir, 'portals'),
  portA: PORT_A,
  portB: PORT_B,
  portEdoc: PORT_EDOC,
  portVnedu: PORT_VNEDU,
  trustAnchors: [readFileSync(token.root, 'utf8')],
}).catch((error) => {
  console.error(`Không mở được các cổng demo (${PORT_A}–${PORT_VNEDU}) / could not start the demo portals: ${error.message}
Bản demo có thể đang chạy ở cửa sổ khác: dừng nó (Ctrl+C) rồi chạy lại. / The demo may be running in another window: stop it (Ctrl+C) and run it again.`);
  process.exit(1);
});
if (reset) {
  portals.storeA.reset();
  portals.storeB.reset();
  portals.edoc.store.reset();
  portals.vnedu.store.reset();
}
// eDoc replica: the teachers' signatures on their submissions (once, about a minute; kept
// in .demo/), so the principal's "Sổ ký duyệt" follows real GVCN signatures. --check only
// checks that everything answers, and skips it.
if (!check) {
  console.log(
    'eDoc: giáo viên chủ nhiệm ký các file đã nộp (lần đầu, khoảng 1 phút) / teachers sign their submissions…',
  );
  await portals.edoc.prepareSubmissions(signAsTeacher({ env, module: MODULE, pin: token.pin }));
}

let browser;
async function stop(code = 0) {
  await browser?.close().catch(() => {});
  await portals.close();
  companion.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const extensionDir = join(root, 'extension/dist/chromium');
console.log(`
Học bạ số: bản demo đang chạy / the demo is running

  Cổng A / portal A:   ${portals.urlA}/login   (gvcn / demo: giáo viên; hieutruong / demo: hiệu trưởng)
  Cổng B / portal B:   ${portals.urlB}/login
  eDoc (bản mô phỏng / replica):  ${portals.urlEdoc}/login   (hieutruong / demo → Sổ ký duyệt; gvcn / demo → Sổ trình ký)
  VnEdu (bản mô phỏng / replica): ${portals.urlVnedu}/login  (Tổng kết, Tiếp nhận học sinh chuyển trường)
  Chương trình ký / companion: ws://127.0.0.1:${companionPort}  (token SoftHSM "${token.label}", PIN ${token.pin})
  Tiện ích / extension: ${extensionDir}  (ID ${EXTENSION_ID})
  Chứng thư gốc demo / demo root: ${token.root}

  Ký bằng dòng lệnh với token demo / sign from the command line with the demo token (PIN ${token.pin}):
    export SOFTHSM2_CONF=${token.confPath}
    node ${HOCBA} generate --out /tmp/lop-3a --size 3 --defects 0
    node ${HOCBA} sign /tmp/lop-3a/*.json --role teacher --out /tmp/da-ky --module ${MODULE}
    node ${HOCBA} verify /tmp/da-ky --anchors ${token.root}
  (SoftHSM chỉ thấy token demo khi có SOFTHSM2_CONF và --module ở trên / SoftHSM sees the demo token only with both)
`);

if (check) {
  const a = await fetch(`${portals.urlA}/login`);
  const b = await fetch(`${portals.urlB}/login`);
  const e = await fetch(`${portals.urlEdoc}/login`);
  const v = await fetch(`${portals.urlVnedu}/login`);
  const version = hocba(['--version']);
  console.log(
    `check: portal A ${a.status}, portal B ${b.status}, eDoc replica ${e.status}, VnEdu replica ${v.status}, companion ${version.trim()} on ${companionPort}`,
  );
  // The technician's own check of the running companion: the driver loads, the demo token
  // is there, its PIN is not locked, and the companion on the port accepts the pairing.
  const doctor = spawnSync(
    'node',
    [
      HOCBA,
      'doctor',
      '--json',
      '--port',
      String(companionPort),
      '--data-dir',
      companionDir,
      '--module',
      MODULE,
    ],
    { env, encoding: 'utf8' },
  );
  let report;
  try {
    report = JSON.parse(doctor.stdout);
  } catch {
    report = { checks: [] };
  }
  const needed = ['module', 'tokens', 'pin', 'pairing', 'port'];
  const notOk = needed.filter((id) => report.checks.find((c) => c.id === id)?.status !== 'ok');
  console.log(
    notOk.length === 0
      ? `doctor: ${needed.map((id) => `${id} ok`).join(', ')}`
      : `doctor: lỗi / not ok: ${notOk.join(', ')} (node ${HOCBA} doctor --port ${companionPort} --data-dir ${companionDir} --module ${MODULE}; npm run demo -- --reset)`,
  );
  await stop(a.ok && b.ok && e.ok && v.ok && notOk.length === 0 ? 0 : 1);
}

function printManualSteps() {
  console.log(`Trong trình duyệt của bạn: mở Chromium/Chrome/Edge của bạn, vào chrome://extensions, bật "Chế độ nhà phát triển",
"Tải tiện ích đã giải nén" và chọn ${extensionDir}. Sau đó ghép nối: chạy
  SOFTHSM2_CONF=${token.confPath} node ${HOCBA} pair --data-dir ${companionDir}
và nhập mã hiện ra trong trang Cài đặt của tiện ích.
In your own browser: load ${extensionDir} as an unpacked extension (chrome://extensions, developer mode),
then pair with the code printed by the command above, in the extension's options page.
Dừng: Ctrl+C / stop: Ctrl+C`);
}

if (args.includes('--no-browser') || !process.env.DISPLAY) {
  printManualSteps();
} else {
  try {
    await openBrowser();
  } catch (error) {
    // The portals and the companion keep running: the user can still load the extension by hand.
    console.error(`Không mở được Chromium / could not start Chromium: ${error.message}`);
    printManualSteps();
  }
}

async function openBrowser() {
  const { default: puppeteer } = await import('puppeteer-core');
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: false,
    pipe: true,
    enableExtensions: [extensionDir],
    userDataDir: join(dataDir, 'chromium-profile'),
    defaultViewport: null,
    // Chromium refuses to run as root with its sandbox (a CI box, a container); a school PC
    // runs it as the user, sandboxed.
    args: [
      '--no-first-run',
      '--disable-sync',
      '--disable-component-update',
      '--lang=vi',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    env: { ...process.env, LANGUAGE: 'vi' },
  });
  await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`${ORIGIN}/`));
  // Demo mode only: the extension is paired with the demo companion without typing a code.
  // Set from the extension's own settings page (it has the extension's storage), which then
  // stays open showing the companion and the token.
  const settings = await browser.newPage();
  await settings.goto(`${ORIGIN}/src/pages/options/index.html`);
  await settings.evaluate(
    (port, p) => globalThis.chrome.storage.local.set({ companionPort: port, pairing: p }),
    companionPort,
    pairing,
  );
  await settings.reload();
  const [first] = await browser.pages();
  await first.goto(`${portals.urlA}/login`);
  await (await browser.newPage()).goto(`${ORIGIN}/src/pages/verify/index.html`);
  console.log('Chromium đã mở với tiện ích / Chromium is open with the extension. Dừng: Ctrl+C.');
  browser.on('disconnected', () => void stop(0));
}

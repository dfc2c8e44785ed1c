/**
 * `npm run package -- --windows --check`: the Windows installer, smoke-tested under Wine in a
 * throw-away prefix. Not in `npm test`: Wine's first start and node.exe under Wine take about
 * a minute on this machine, and CI does not need the mingw/nsis/wine packages otherwise.
 *
 *  1. install silently, per user (`/S /NOSTART`): files, Run value, Start-menu entries
 *  2. the installed node.exe: `hocba --version`, `hocba doctor --json` (no token driver: the
 *     module check says MODULE_NOT_FOUND, the token checks are skipped, not "fine")
 *  3. `hocba policy`: the .reg files imported with regedit and exported again keep Vietnamese
 *  4. the launcher serves on 127.0.0.1; a Linux-side client pairs (a pairing provisioned with
 *     `hocba pair --add`), authenticates and gets typed "no token" answers
 *  5. the companion's node.exe is killed: the launcher starts it again
 *  6. uninstall: the install folder, Run value, menu and uninstall key go; the data folder stays
 *  7. `hocba doctor` as text, rendered to test-output/windows-doctor.png
 *
 * node.exe under Wine fails to write to a pipe (EBADF), so every output goes to a file. Only
 * processes of this prefix are ever ended (wineserver -k with this WINEPREFIX).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const EXTENSION_ORIGIN = 'chrome-extension://jfholdamahenahlfmimleieloadpkmgo';
const PORTAL_NAME = 'Sở GD&ĐT Hà Nội – Cổng học bạ';

function findWine() {
  for (const candidate of ['/usr/lib/wine/wine64', 'wine64', 'wine']) {
    const found = spawnSync('sh', ['-c', `command -v ${candidate}`], { encoding: 'utf8' });
    if (found.status === 0) return found.stdout.trim();
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function smokeTest({ installer, root, out }) {
  const started = Date.now();
  const steps = [];
  const log = (text) => process.stderr.write(`[windows --check] ${text}\n`);
  const step = async (name, fn) => {
    const t = Date.now();
    try {
      const detail = await fn();
      steps.push({ name, ok: true, seconds: (Date.now() - t) / 1000, ...(detail ? { detail } : {}) });
      log(`ok   ${name}${detail ? `: ${JSON.stringify(detail)}` : ''}`);
      return true;
    } catch (error) {
      steps.push({
        name,
        ok: false,
        seconds: (Date.now() - t) / 1000,
        error: String(error?.message ?? error),
      });
      log(`FAIL ${name}: ${error?.message ?? error}`);
      return false;
    }
  };
  const assert = (condition, message) => {
    if (!condition) throw new Error(message);
  };

  const wine = findWine();
  if (!wine) {
    return {
      passed: false,
      steps: [{ name: 'wine', ok: false, error: 'wine64 not installed: apt-get install wine64' }],
    };
  }
  const prefix = mkdtempSync(join(tmpdir(), 'hocba-wine-'));
  const files = join(prefix, 'io');
  mkdirSync(files);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? prefix,
    LANG: 'C.UTF-8',
    WINEPREFIX: prefix,
    WINEDEBUG: '-all',
    // No Mono/Gecko download prompts in a closed network.
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    DISPLAY: '',
  };
  let counter = 0;
  /** Runs a Windows program to completion; stdout and stderr through files. */
  const run = (args, timeoutMs = 180_000) => {
    const n = ++counter;
    const stdoutPath = join(files, `${n}.out`);
    const stderrPath = join(files, `${n}.err`);
    const o = openSync(stdoutPath, 'w');
    const e = openSync(stderrPath, 'w');
    const result = spawnSync(wine, args, { env, stdio: ['ignore', o, e], timeout: timeoutMs });
    closeSync(o);
    closeSync(e);
    return {
      status: result.status,
      stdout: readFileSync(stdoutPath, 'utf8'),
      stderr: readFileSync(stderrPath, 'utf8'),
    };
  };
  const drive = join(prefix, 'drive_c');
  const winPath = (path) =>
    path.startsWith(`${drive}/`)
      ? `C:\\${relative(drive, path).split('/').join('\\')}`
      : `Z:${path.split('/').join('\\')}`;
  let launcher;
  let instdir;
  let dataDir;
  let hocba;
  let doctorText;
  const port = await freePort();

  try {
    await step('wine prefix (Windows 10)', () => {
      const r = run(['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f']);
      assert(r.status === 0, `reg add: ${r.status} ${r.stderr}`);
    });

    const installed = await step('install per user: /S /NOSTART', async () => {
      const r = run([installer, '/S', '/NOSTART']);
      assert(r.status === 0, `installer exit ${r.status}`);
      const users = join(drive, 'users');
      const user = readdirSync(users).find((u) =>
        existsSync(join(users, u, 'AppData', 'Local', 'Programs', 'HocBaSo')),
      );
      assert(user, 'no %LOCALAPPDATA%\\Programs\\HocBaSo after install');
      instdir = join(users, user, 'AppData', 'Local', 'Programs', 'HocBaSo');
      dataDir = join(users, user, 'AppData', 'Local', 'HocBa');
      for (const file of [
        'node.exe',
        'hocba-companion.exe',
        'hocba.cmd',
        'chan-doan.cmd',
        'ghep-doi.cmd',
        'uninstall.exe',
        'app/bin/hocba.js',
        'app/node_modules/pkcs11js/build/Release/pkcs11.node',
      ])
        assert(existsSync(join(instdir, file)), `${file} not installed`);
      const menu = join(
        users,
        user,
        'AppData',
        'Roaming',
        'Microsoft',
        'Windows',
        'Start Menu',
        'Programs',
        'Học bạ số',
      );
      for (const link of ['Chẩn đoán.lnk', 'Ghép nối.lnk'])
        assert(existsSync(join(menu, link)), `Start menu entry ${link} missing`);
      const runKey = run([
        'reg',
        'query',
        'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
        '/v',
        'HocBaCompanion',
      ]);
      assert(/hocba-companion\.exe/i.test(runKey.stdout), `Run value: ${runKey.stdout}`);
      hocba = (args, timeoutMs) =>
        run(
          [join(instdir, 'node.exe'), winPath(join(instdir, 'app', 'bin', 'hocba.js')), ...args],
          timeoutMs,
        );
      return { instdir: winPath(instdir), files: readdirSync(instdir).length };
    });
    if (!installed) return finish();

    await step('hocba --version', () => {
      const r = hocba(['--version']);
      assert(r.status === 0, `exit ${r.status}: ${r.stderr}`);
      assert(/^\d+\.\d+\.\d+/.test(r.stdout.trim()), `version: ${r.stdout}`);
      return { version: r.stdout.trim() };
    });

    await step('hocba doctor --json: no token driver', () => {
      const r = hocba(['doctor', '--json', '--port', String(port)]);
      const report = JSON.parse(r.stdout);
      const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
      assert(r.status === 1, `doctor exit ${r.status} (1 expected: errors)`);
      assert(byId.node?.status === 'ok', `node: ${JSON.stringify(byId.node)}`);
      assert(/^20\./.test(byId.node.summary), `node.exe version: ${byId.node.summary}`);
      assert(byId.module?.status === 'error', `module: ${JSON.stringify(byId.module)}`);
      assert(
        byId.module.findings[0]?.code === 'MODULE_NOT_FOUND',
        `module finding: ${JSON.stringify(byId.module.findings)}`,
      );
      assert(/driver/.test(byId.module.findings[0].message.vi), 'Vietnamese message missing');
      assert(byId.tokens?.status === 'skipped', `tokens: ${byId.tokens?.status}`);
      assert(byId.dataDir?.status === 'ok', `dataDir: ${JSON.stringify(byId.dataDir)}`);
      // The installer's Run value, read back by the doctor with reg.exe.
      assert(byId.autostart?.status === 'ok', `autostart: ${JSON.stringify(byId.autostart)}`);
      assert(/hocba-companion\.exe/i.test(byId.autostart.summary), `autostart: ${byId.autostart.summary}`);
      return { module: byId.module.findings[0].code, tokens: byId.tokens.status, node: byId.node.summary };
    });

    await step('hocba doctor (text, for the screenshot)', () => {
      const r = hocba(['doctor', '--port', String(port)]);
      doctorText = r.stdout;
      assert(doctorText.includes('Thư viện PKCS#11'), `doctor text: ${doctorText.slice(0, 200)}`);
    });

    await step('.reg policy files keep Vietnamese through regedit', () => {
      const policyDir = join(drive, 'hocba-policy');
      const r = hocba([
        'policy',
        '--pairing',
        'new',
        '--no-local',
        '--out',
        winPath(policyDir),
        '--label',
        'TH Kim Đồng',
        '--portal',
        `${PORTAL_NAME}=https://hocba.example.vn`,
      ]);
      assert(r.status === 0, `policy exit ${r.status}: ${r.stderr} ${r.stdout}`);
      const reg = join(policyDir, 'windows', 'chrome.reg');
      const bytes = readFileSync(reg);
      assert(bytes[0] === 0xff && bytes[1] === 0xfe, 'chrome.reg is not UTF-16LE with a BOM');
      const imported = run(['regedit', '/S', winPath(reg)]);
      assert(imported.status === 0, `regedit exit ${imported.status}`);
      const exported = join(files, 'export.reg');
      const key =
        'HKLM\\SOFTWARE\\Policies\\Google\\Chrome\\3rdparty\\extensions\\jfholdamahenahlfmimleieloadpkmgo\\policy';
      const ex = run(['reg', 'export', key, winPath(exported), '/y']);
      assert(ex.status === 0, `reg export exit ${ex.status}: ${ex.stderr}`);
      const text = readFileSync(exported).toString('utf16le');
      assert(text.includes(PORTAL_NAME), `portal name not intact after regedit: ${text.slice(0, 400)}`);
      return { portal: PORTAL_NAME };
    });

    let pairing;
    await step('hocba pair --add (provisioned pairing)', () => {
      const r = hocba(['pair', '--add', EXTENSION_ORIGIN, '--json']);
      assert(r.status === 0, `pair exit ${r.status}: ${r.stderr}`);
      const parsed = JSON.parse(r.stdout);
      pairing = { id: parsed.pairingId, secret: parsed.secret };
      assert(pairing.id && pairing.secret, `pair output: ${r.stdout}`);
    });

    const { ProtocolClient } = await import('./protocol-client.mjs');
    const serving = await step('launcher serves on 127.0.0.1: typed "no token" answers', async () => {
      launcher = spawn(wine, [join(instdir, 'hocba-companion.exe'), '--port', String(port)], {
        env,
        stdio: 'ignore',
      });
      const client = await ProtocolClient.waitFor(port, EXTENSION_ORIGIN, 90_000);
      try {
        const auth = await client.auth(pairing);
        assert(auth.type === 'auth.result', `auth: ${JSON.stringify(auth)}`);
        const status = await client.request({ type: 'status', id: 's1' });
        assert(status.type === 'status.result', `status: ${JSON.stringify(status)}`);
        assert(status.module.status === 'notFound', `module: ${JSON.stringify(status.module)}`);
        assert(status.token === 'absent', `token: ${status.token}`);
        const list = await client.request({ type: 'listTokens', id: 'l1' });
        assert(list.type === 'error', `listTokens: ${JSON.stringify(list)}`);
        assert(list.error?.code === 'MODULE_NOT_FOUND', `listTokens error: ${JSON.stringify(list.error)}`);
        assert(list.error.message?.vi && list.error.message?.en, 'error not bilingual');
        return { status: status.module.status, listTokens: list.error.code, vi: list.error.message.vi };
      } finally {
        client.close();
      }
    });

    if (serving)
      await step('the launcher restarts a companion that was killed', async () => {
        const victims = wineProcesses(prefix).filter((p) => /node\.exe/i.test(p.cmdline));
        assert(victims.length === 1, `node.exe processes of this prefix: ${victims.length}`);
        process.kill(victims[0].pid, 'SIGKILL');
        const t = Date.now();
        await sleep(500);
        const client = await ProtocolClient.waitFor(port, EXTENSION_ORIGIN, 90_000);
        client.close();
        const after = wineProcesses(prefix).filter((p) => /node\.exe/i.test(p.cmdline));
        assert(after.length === 1 && after[0].pid !== victims[0].pid, 'no new node.exe');
        return { restartedAfterSeconds: (Date.now() - t) / 1000 };
      });

    await step('uninstall removes what it added, keeps the data folder', async () => {
      writeFileSync(join(dataDir, 'archive-marker.txt'), 'signed files live here');
      const r = run([join(instdir, 'uninstall.exe'), '/S']);
      assert(r.status === 0, `uninstaller exit ${r.status}`);
      // The uninstaller copies itself to %TEMP% and runs from there: wait for the folder to go.
      for (let i = 0; i < 150 && existsSync(instdir); i++) await sleep(200);
      assert(!existsSync(instdir), `install folder left: ${existsSync(instdir) ? readdirSync(instdir) : ''}`);
      const runKey = run([
        'reg',
        'query',
        'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
        '/v',
        'HocBaCompanion',
      ]);
      assert(!/hocba-companion/i.test(runKey.stdout), 'Run value left');
      const uninstallKey = run([
        'reg',
        'query',
        'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\HocBaSo',
      ]);
      assert(uninstallKey.status !== 0, 'uninstall key left');
      assert(existsSync(join(dataDir, 'archive-marker.txt')), 'the data folder was touched');
      if (launcher) {
        for (let i = 0; i < 100 && launcher.exitCode === null; i++) await sleep(200);
        assert(launcher.exitCode !== null, 'the launcher still runs after uninstall');
      }
      assert(!wineProcesses(prefix).some((p) => /node\.exe/i.test(p.cmdline)), 'node.exe still runs');
    });

    if (doctorText)
      await step('screenshot of hocba doctor (Windows build)', () =>
        renderScreenshot(doctorText, join(root, 'test-output', 'windows-doctor.png'), out, winPath(instdir)),
      );
  } finally {
    const wineserver = join(dirname(wine), 'wineserver');
    spawnSync(existsSync(wineserver) ? wineserver : 'wineserver', ['-k'], { env, stdio: 'ignore' });
    if (launcher && launcher.exitCode === null) launcher.kill('SIGKILL');
    rmSync(prefix, { recursive: true, force: true });
  }
  return finish();

  function finish() {
    return {
      passed: steps.length > 0 && steps.every((s) => s.ok),
      installerBytes: statSync(installer).size,
      seconds: (Date.now() - started) / 1000,
      steps,
    };
  }
}

/** Linux processes that belong to this Wine prefix (by their environment), with their command line. */
function wineProcesses(prefix) {
  const out = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (!environ.split('\0').includes(`WINEPREFIX=${prefix}`)) continue;
      out.push({
        pid: Number(pid),
        cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '),
      });
    } catch {}
  }
  return out;
}

/** The terminal text as a PNG, through headless Chromium (the browser the e2e suite uses). */
function renderScreenshot(text, png, out, instdir) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) throw new Error(`${chromium} missing: cannot render the screenshot`);
  mkdirSync(join(png, '..'), { recursive: true });
  const htmlText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const html = join(out, 'windows-doctor.html');
  const lines = text.split('\n').length;
  writeFileSync(
    html,
    `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#0c0c0c">
<div style="background:#fff;color:#000;font:13px 'DejaVu Sans',sans-serif;padding:4px 8px">Wine, Windows 10: ${htmlText(instdir)}\\chan-doan.cmd (Start menu: Học bạ số › Chẩn đoán)</div>
<pre style="margin:0;padding:8px;color:#ccc;font:13px/1.4 'DejaVu Sans',sans-serif;white-space:pre-wrap">${htmlText(text)}</pre>`,
  );
  const height = Math.min(2400, 60 + lines * 18 + 200);
  const profile = mkdtempSync(join(tmpdir(), 'hocba-shot-'));
  try {
    execFileSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        `--window-size=1500,${height}`,
        `--screenshot=${png}`,
        `file://${html}`,
      ],
      { stdio: 'ignore', timeout: 60_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  if (!existsSync(png)) throw new Error('chromium wrote no screenshot');
  return { png: relative(process.cwd(), png) };
}

/**
 * The two demo portals on loopback, each on its own port (two origins, like two vendors).
 *
 *   const portals = await startDemoPortals({ dataDir, portA: 0, portB: 0, trustAnchors: [pem] });
 *   portals.urlA, portals.urlB, portals.storeA.reset(), await portals.close();
 *
 * Logins: gvcn / demo (teacher), hieutruong / demo (principal).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { renderRecordPdf } from '@hocba/shared/pdf/render';
import { createTrustStore, verifyPdf } from '@hocba/shared/verify';
import { EDOC, edocReplica } from './edoc.mjs';
import { esc, page } from './html.mjs';
import { portalA } from './portal-a.mjs';
import { portalB } from './portal-b.mjs';
import { PortalStore } from './store.mjs';
import { VNEDU, vneduReplica } from './vnedu.mjs';

const USERS = {
  gvcn: { password: 'demo', name: 'Nguyễn Thị Lan (GVCN)', role: 'gvcn' },
  hieutruong: { password: 'demo', name: 'Trần Văn Minh (Hiệu trưởng)', role: 'principal' },
};

const MAX_UPLOAD = 12 * 1024 * 1024;

/** DejaVu Sans (regular, bold): the fonts the portals render records with; tests reuse them. */
export function fonts() {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return {
    regular: new Uint8Array(readFileSync(join(dir, 'DejaVuSans.ttf'))),
    bold: new Uint8Array(readFileSync(join(dir, 'DejaVuSans-Bold.ttf'))),
  };
}

export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) {
        reject(Object.assign(new Error('too large'), { status: 413 }));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function loginPage(portal, error) {
  return page({
    ...portal,
    title: 'Đăng nhập',
    body: `<main><h1>Đăng nhập</h1>${error ? `<p style="color:#b00" id="loi-dang-nhap">${esc(error)}</p>` : ''}
<form method="post" action="/login"><p><label>Tên đăng nhập <input name="user" id="user"></label></p>
<p><label>Mật khẩu <input name="password" type="password" id="password"></label></p><p><button class="btn" id="dang-nhap">Đăng nhập</button></p>
<p class="note">Bản demo: gvcn / demo (giáo viên), hieutruong / demo (hiệu trưởng).</p></form></main>`,
  });
}

/**
 * Rendered PDFs by the record's content, as a real portal keeps its generated files: an
 * edit changes the key, so a stale PDF is never served. Bounded, oldest dropped first.
 */
const renderedPdfs = new Map();
export async function renderCached(record, fontBytes) {
  const key = createHash('sha256').update(JSON.stringify(record)).digest('hex');
  const hit = renderedPdfs.get(key);
  if (hit) return hit;
  const pdf = (await renderRecordPdf(record, { fonts: fontBytes })).pdf;
  renderedPdfs.set(key, pdf);
  if (renderedPdfs.size > 300) renderedPdfs.delete(renderedPdfs.keys().next().value);
  return pdf;
}

export function makePortal(portal, store, render) {
  const sessions = new Map();
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://portal');
    const send = (status, body, type = 'text/html; charset=utf-8', headers = {}) => {
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(body);
    };
    const sid = /(?:^|;\s*)sid=([a-f0-9]+)/.exec(req.headers.cookie ?? '')?.[1];
    const user = sid ? sessions.get(sid) : undefined;
    try {
      if (url.pathname === '/login' && req.method === 'POST') {
        const form = new URLSearchParams(String(await readBody(req, 4096)));
        const u = USERS[form.get('user') ?? ''];
        if (!u || u.password !== form.get('password'))
          return send(401, loginPage(portal, 'Sai tên đăng nhập hoặc mật khẩu.'));
        const id = randomBytes(16).toString('hex');
        sessions.set(id, { ...u, login: form.get('user') });
        return send(302, '', 'text/plain', {
          location: '/',
          'set-cookie': `sid=${id}; HttpOnly; SameSite=Lax; Path=/`,
        });
      }
      if (url.pathname === '/login') return send(200, loginPage(portal));
      if (url.pathname === '/logout') {
        if (sid) sessions.delete(sid);
        return send(302, '', 'text/plain', { location: '/login', 'set-cookie': 'sid=; Max-Age=0; Path=/' });
      }
      if (!user) return send(302, '', 'text/plain', { location: '/login' });
      return await render({ req, res, url, user, send, store });
    } catch (error) {
      return send(error.status ?? 500, `Lỗi: ${esc(error.message)}`, 'text/plain; charset=utf-8');
    }
  };
}

export async function startDemoPortals(options) {
  const storeOptions = {
    seed: options.seed ?? 0,
    size: options.size ?? 35,
    defectRate: options.defectRate ?? 0.2,
  };
  const storeA = new PortalStore(options.dataDir, 'portal-a', storeOptions);
  const storeB = new PortalStore(options.dataDir, 'portal-b', storeOptions);
  const fontBytes = fonts();
  const trust = createTrustStore({ anchors: options.trustAnchors ?? [] });

  const handlerA = makePortal(portalA, storeA, async ({ req, url, user, send, store }) => {
    let m = /^\/lop\/([\w-]+)$/.exec(url.pathname);
    if (m) {
      const cls = store.classById(m[1]);
      if (!cls) return send(404, 'Không có lớp này');
      if (req.method === 'POST') {
        portalA.applyEdits(cls, new URLSearchParams(String(await readBody(req, 2 * 1024 * 1024))));
        store.save();
        return send(200, portalA.classTable(store, cls, user, 'Đã lưu thay đổi.'));
      }
      return send(200, portalA.classTable(store, cls, user));
    }
    m = /^\/hocba\/([\w.-]+)\.pdf$/.exec(url.pathname);
    if (m) {
      const found = store.findStudent(m[1]);
      if (!found) return send(404, 'Không có học sinh này');
      // A signed copy, once uploaded, is what the portal serves from then on.
      const signed = store.signedPdf(m[1]);
      const pdf = signed ?? (await renderCached(found.record, fontBytes));
      return send(200, Buffer.from(pdf), 'application/pdf');
    }
    m = /^\/api\/hocba\/([\w.-]+)\/da-ky$/.exec(url.pathname);
    if (m && req.method === 'POST') {
      const found = store.findStudent(m[1]);
      if (!found)
        return send(404, JSON.stringify({ ok: false, error: 'Không có học sinh này' }), 'application/json');
      const body = new Uint8Array(await readBody(req, MAX_UPLOAD));
      const report = await verifyPdf(body, { trust });
      if (report.verdict !== 'valid') {
        return send(
          422,
          JSON.stringify({ ok: false, error: report.reason.vi, verdict: report.verdict }),
          'application/json',
        );
      }
      store.storeSigned(m[1], body, report);
      return send(
        200,
        JSON.stringify({ ok: true, signers: report.signatures.map((s) => s.signer?.name) }),
        'application/json',
      );
    }
    if (url.pathname === '/') return send(200, portalA.classList(store, user));
    return send(404, 'Không tìm thấy trang');
  });

  const handlerB = makePortal(portalB, storeB, async ({ url, user, send, store }) => {
    let m = /^\/lop\/([\w-]+)$/.exec(url.pathname);
    if (m) {
      const cls = store.classById(m[1]);
      if (!cls) return send(404, 'Không có lớp này');
      return send(200, portalB.classGrid(store, cls, user, url.searchParams.get('hk') === '1' ? '1' : 'cn'));
    }
    m = /^\/hocsinh\/([\w.-]+)\/hocba\.json$/.exec(url.pathname);
    if (m) {
      const found = store.findStudent(m[1]);
      if (!found) return send(404, 'Không có học sinh này');
      return send(200, JSON.stringify(found.record), 'application/json; charset=utf-8');
    }
    if (url.pathname === '/') return send(200, portalB.classList(store, user));
    return send(404, 'Không tìm thấy trang');
  });

  const listen = (handler, port) =>
    new Promise((resolve, reject) => {
      const server = createServer((req, res) => void handler(req, res));
      // A port already taken (a demo in another window) is the caller's error, not a crash.
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  // The replicas of the vendors' portals (from their public guides): eDoc and VnEdu.
  const edoc = edocReplica({
    dataDir: options.dataDir,
    fonts: fontBytes,
    trust,
    readBody,
    maxUpload: MAX_UPLOAD,
  });
  const vnedu = vneduReplica({
    dataDir: options.dataDir,
    fonts: fontBytes,
    size: options.vneduSize ?? 30,
    defectRate: options.defectRate ?? 0.2,
  });
  const handlerEdoc = makePortal(EDOC, edoc.store, edoc.handle);
  const handlerVnedu = makePortal(VNEDU, vnedu.store, vnedu.handle);

  const serverA = await listen(handlerA, options.portA ?? 0);
  const serverB = await listen(handlerB, options.portB ?? 0);
  const serverEdoc = await listen(handlerEdoc, options.portEdoc ?? 0);
  const serverVnedu = await listen(handlerVnedu, options.portVnedu ?? 0);
  const servers = [serverA, serverB, serverEdoc, serverVnedu];
  return {
    urlA: `http://127.0.0.1:${serverA.address().port}`,
    urlB: `http://127.0.0.1:${serverB.address().port}`,
    urlEdoc: `http://127.0.0.1:${serverEdoc.address().port}`,
    urlVnedu: `http://127.0.0.1:${serverVnedu.address().port}`,
    storeA,
    storeB,
    edoc,
    vnedu,
    close: () => Promise.all(servers.map((s) => new Promise((r) => (s.closeAllConnections?.(), s.close(r))))),
  };
}

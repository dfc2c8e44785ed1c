/**
 * A replica of Viettel eDoc's book signing, built from its public user guide
 * (shared/domain/portals.md), not from a capture of the live site:
 *
 * - "Sổ ký duyệt" (principal) and "Sổ trình ký" (teacher): the books grouped Sổ cấp Sở /
 *   cấp Phòng / cấp trường, filtered by school year;
 * - a book's detail: a table of every submitted PDF (File nộp, Đối tượng nộp, Kỳ nộp,
 *   Người nộp, Ngày nộp, Trạng thái: Chờ ký / Đã ký / Từ chối), 20 rows a page, "Xem chi
 *   tiết" listing the signers in order with each one's status, and the actions the guide
 *   names ("Chèn chữ ký", "Ký duyệt", "Ký số CA", "Từ chối");
 * - "Ký số CA" takes the signed PDF back (POST /api/ky-so-ca/<file id>): kept only when it
 *   is the submitted file plus a valid signature of the signer's role, then the status turns
 *   "Đã ký".
 *
 * Assumed where the guide is silent: the URLs, the ids, the exact column order, the labels
 * of the paging links. One book holds a batch of three classes (5A, 5B, 5C) of học bạ PDFs.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClass } from '@hocba/shared/generator';
import { renderRecordPdf } from '@hocba/shared/pdf/render';
import { verifyPdf } from '@hocba/shared/verify';
import { esc } from './html.mjs';

export const EDOC = {
  name: 'edoc',
  brand: 'eDoc · Hệ thống quản lý hồ sơ sổ sách điện tử (bản mô phỏng)',
  theme: { brand: '#c8102e', head: '#f6e3e6', bg: '#f4f5f7' },
};

export const PAGE_SIZE = 20;
const PRINCIPAL_NAME = 'Trần Văn Minh';
const SCHOOL_YEAR = '2025-2026';
const CLASSES = [
  { id: '5a', name: '5A', seed: 5101 },
  { id: '5b', name: '5B', seed: 5201 },
  { id: '5c', name: '5C', seed: 5301 },
];
export const PUPILS_PER_CLASS = 16;

/** The books the guide's examples name, by level; only the học bạ book has files here. */
const BOOKS = [
  { id: 'so-dang-bo', level: 'truong', name: 'Sổ đăng bộ', type: 'Trường', frequency: '1 lần/năm' },
  { id: 'so-chu-nhiem', level: 'truong', name: 'Sổ chủ nhiệm', type: 'Lớp', frequency: '1 lần/năm' },
  {
    id: 'hoc-ba-khoi-5',
    level: 'truong',
    name: 'Học bạ số khối 5',
    type: 'Học sinh',
    frequency: '1 lần/năm',
  },
  {
    id: 'so-theo-doi-danh-gia',
    level: 'phong',
    name: 'Sổ theo dõi và đánh giá học sinh',
    type: 'Lớp',
    frequency: '1 lần/năm',
  },
  {
    id: 'bao-cao-tong-hop',
    level: 'so',
    name: 'Báo cáo tổng hợp cuối năm',
    type: 'Trường',
    frequency: '1 lần/năm',
  },
];
const LEVELS = [
  ['so', 'Sổ cấp Sở'],
  ['phong', 'Sổ cấp Phòng'],
  ['truong', 'Sổ cấp trường'],
];
const SIGNER_TITLES = { gvcn: 'Giáo viên chủ nhiệm', principal: 'Cán bộ quản lý trường' };

const slug = (text) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** The book's files as submitted: three classes, one PDF per pupil. */
export function freshEdocState() {
  const files = [];
  const records = {};
  for (const c of CLASSES) {
    const generated = generateClass({
      seed: c.seed,
      grade: 5,
      size: PUPILS_PER_CLASS,
      defectRate: 0,
      className: c.name,
    });
    generated.records.forEach((record, i) => {
      records[record.recordId] = record;
      const id = `F${c.name}${String(i + 1).padStart(3, '0')}`;
      files.push({
        id,
        bookId: 'hoc-ba-khoi-5',
        recordId: record.recordId,
        className: c.name,
        fileName: `HB_${c.name}_${String(i + 1).padStart(2, '0')}_${slug(record.student.fullName)}.pdf`,
        submitter: generated.homeroomTeacher,
        submittedAt: `2026-05-${String(20 + (i % 5)).padStart(2, '0')}`,
        period: 'Cuối năm học',
        steps: [
          { role: 'gvcn', name: generated.homeroomTeacher, status: 'Đã ký', at: null },
          { role: 'principal', name: PRINCIPAL_NAME, status: 'Chờ ký', at: null },
        ],
        note: '',
      });
    });
  }
  // Two files the principal must not sign now: one she refused earlier, one whose teacher
  // has not signed yet.
  const refused = files[files.length - 2];
  refused.steps[1] = { ...refused.steps[1], status: 'Từ chối', at: '2026-05-28' };
  refused.note = 'Sai ngày sinh, đề nghị giáo viên kiểm tra lại.';
  const waiting = files[files.length - 1];
  waiting.steps[0] = { ...waiting.steps[0], status: 'Chờ ký' };
  return { version: 1, files, records };
}

class EdocStore {
  constructor(dir) {
    this.file = join(dir, 'edoc.json');
    this.pdfDir = join(dir, 'edoc.files');
    mkdirSync(this.pdfDir, { recursive: true });
    this.state = existsSync(this.file) ? JSON.parse(readFileSync(this.file, 'utf8')) : this.reset();
  }

  reset() {
    this.state = freshEdocState();
    for (const f of this.state.files) this.#dropPdf(f.id);
    this.save();
    return this.state;
  }

  save() {
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state));
    renameSync(`${this.file}.tmp`, this.file);
  }

  fileById(id) {
    return this.state.files.find((f) => f.id === id);
  }

  pdfPath(id) {
    return join(this.pdfDir, `${id}.pdf`);
  }

  /** The file as it stands now (the last signed version), or null before it was prepared. */
  storedPdf(id) {
    const path = this.pdfPath(id);
    return existsSync(path) ? readFileSync(path) : null;
  }

  writePdf(id, bytes) {
    const path = this.pdfPath(id);
    writeFileSync(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
  }

  #dropPdf(id) {
    const path = this.pdfPath(id);
    if (existsSync(path)) writeFileSync(path, '');
  }
}

/** A file's status as the signer `role` sees it in the book. */
export function statusFor(file, role) {
  const i = file.steps.findIndex((s) => s.role === role);
  if (i < 0) return '';
  const step = file.steps[i];
  if (step.status !== 'Chờ ký') return step.status;
  return file.steps.slice(0, i).every((s) => s.status === 'Đã ký') ? 'Chờ ký' : 'Chờ người ký trước';
}

function layout({ user, active, title, body }) {
  const link = (href, label, key) =>
    `<li class="${active === key ? 'active' : ''}"><a href="${href}">${esc(label)}</a></li>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${esc(title)} - eDoc</title>
<style>
body{margin:0;font-family:Arial,'DejaVu Sans',sans-serif;font-size:13px;color:#212529;background:${EDOC.theme.bg}}
.topbar{background:${EDOC.theme.brand};color:#fff;height:44px;display:flex;align-items:center;justify-content:space-between;padding:0 16px}
.topbar .logo{font-weight:bold;font-size:16px}.topbar a{color:#fff}
.wrap{display:flex;min-height:calc(100vh - 44px)}
.sidebar{width:210px;background:#2b2f36;color:#cfd3d8;flex:none}
.sidebar ul{list-style:none;margin:0;padding:8px 0}.sidebar li a{display:block;padding:9px 16px;color:#cfd3d8;text-decoration:none}
.sidebar li.active a{background:#3b4048;color:#fff;border-left:3px solid ${EDOC.theme.brand}}
.sidebar .group{padding:10px 16px 4px;font-size:11px;text-transform:uppercase;color:#8b9199}
.content{flex:1;padding:14px 18px;min-width:0}
.breadcrumb{color:#6c757d;margin-bottom:8px}.breadcrumb a{color:#0d6efd;text-decoration:none}
.card{background:#fff;border:1px solid #dee2e6;border-radius:4px;margin-bottom:14px}
.card-header{padding:8px 12px;border-bottom:1px solid #dee2e6;font-weight:bold;background:#fafafa}
.card-body{padding:10px 12px}
table.table{border-collapse:collapse;width:100%;background:#fff}
table.table th,table.table td{border:1px solid #dee2e6;padding:6px 8px;vertical-align:top}
table.table th{background:${EDOC.theme.head};text-align:center}
.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;white-space:nowrap}
.badge.cho-ky{background:#fff3cd;color:#856404}.badge.da-ky{background:#d1e7dd;color:#0f5132}
.badge.tu-choi{background:#f8d7da;color:#842029}.badge.cho-truoc{background:#e2e3e5;color:#41464b}
.btn{display:inline-block;border:1px solid #adb5bd;background:#fff;color:#212529;padding:3px 8px;border-radius:3px;font-size:12px;margin:1px;text-decoration:none;cursor:pointer}
.btn.primary{background:${EDOC.theme.brand};border-color:${EDOC.theme.brand};color:#fff}
.btn[disabled]{opacity:.5;cursor:default}
details.chi-tiet summary{color:#0d6efd;cursor:pointer}details.chi-tiet ol{margin:4px 0 0;padding-left:18px}
ul.pagination{list-style:none;display:flex;gap:4px;padding:0;margin:10px 0}
ul.pagination li a,ul.pagination li span{display:block;padding:4px 10px;border:1px solid #dee2e6;background:#fff;text-decoration:none;color:#0d6efd}
ul.pagination li.active span{background:${EDOC.theme.brand};color:#fff;border-color:${EDOC.theme.brand}}
ul.pagination li.disabled span{color:#adb5bd}
.info{display:grid;grid-template-columns:200px 1fr;gap:4px 12px;margin:0}
.filters{display:flex;gap:10px;align-items:center;margin-bottom:10px}
.muted{color:#6c757d}
</style></head>
<body><div class="topbar"><span class="logo">${esc(EDOC.brand)}</span><span>${esc(user.name)} · Trường Tiểu học Kim Đồng · <a href="/logout">Đăng xuất</a></span></div>
<div class="wrap"><nav class="sidebar"><ul>
<li><a href="/">Trang chủ</a></li>
<li class="group">Sổ điện tử</li>
${link('/so-trinh-ky', 'Sổ trình ký', 'trinh-ky')}
${link('/so-ky-duyet', 'Sổ ký duyệt', 'ky-duyet')}
<li class="group">Quản trị</li>
<li><a href="/danh-muc-so">Danh mục sổ</a></li>
<li><a href="/">Báo cáo thống kê</a></li>
</ul></nav><div class="content">${body}</div></div></body></html>`;
}

function badge(status) {
  const cls =
    status === 'Đã ký'
      ? 'da-ky'
      : status === 'Từ chối'
        ? 'tu-choi'
        : status === 'Chờ ký'
          ? 'cho-ky'
          : 'cho-truoc';
  return `<span class="badge ${cls}">${esc(status)}</span>`;
}

/** Which book view the user has: the principal approves (Sổ ký duyệt), the teacher submits. */
function viewOf(user) {
  return user.role === 'principal'
    ? { key: 'ky-duyet', path: '/so-ky-duyet', title: 'Sổ ký duyệt', role: 'principal' }
    : { key: 'trinh-ky', path: '/so-trinh-ky', title: 'Sổ trình ký', role: 'gvcn' };
}

function bookList(store, user, view) {
  const groups = LEVELS.map(([level, label]) => {
    const rows = BOOKS.filter((b) => b.level === level)
      .map((b, i) => {
        const files = store.state.files.filter((f) => f.bookId === b.id);
        const waiting = files.filter((f) => statusFor(f, view.role) === 'Chờ ký').length;
        return `<tr><td style="text-align:center">${i + 1}</td><td><a href="${view.path}/${b.id}">${esc(b.name)}</a></td><td>${esc(b.type)}</td><td>${esc(b.frequency)}</td><td style="text-align:center">${files.length}</td><td style="text-align:center">${waiting}</td><td><a class="btn" href="${view.path}/${b.id}">Chi tiết</a></td></tr>`;
      })
      .join('');
    return `<div class="card"><div class="card-header">${esc(label)}</div><div class="card-body"><table class="table"><thead><tr><th>STT</th><th>Tên sổ</th><th>Loại áp dụng</th><th>Tần suất nộp</th><th>Số file</th><th>Chờ ký</th><th></th></tr></thead><tbody>${rows || '<tr><td colspan="7" class="muted">Không có sổ</td></tr>'}</tbody></table></div></div>`;
  }).join('');
  return layout({
    user,
    active: view.key,
    title: view.title,
    body: `<div class="breadcrumb">Sổ điện tử › ${esc(view.title)}</div>
<div class="filters"><label>Năm học <select id="nam-hoc"><option>${SCHOOL_YEAR}</option><option>2024-2025</option></select></label></div>
${groups}`,
  });
}

function bookDetail(store, user, view, book, pageNo) {
  const all = store.state.files.filter((f) => f.bookId === book.id);
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, pageNo), pages);
  const shown = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const rows = shown
    .map((f, i) => {
      const status = statusFor(f, view.role);
      const signers = f.steps
        .map(
          (s) =>
            `<li>${esc(SIGNER_TITLES[s.role])}: ${esc(s.name)} — ${badge(s.status)}${s.at ? ` <span class="muted">${esc(s.at)}</span>` : ''}</li>`,
        )
        .join('');
      const canAct = status === 'Chờ ký';
      return `<tr data-file-id="${esc(f.id)}">
<td style="text-align:center">${(page - 1) * PAGE_SIZE + i + 1}</td>
<td><a class="file-nop" href="/files/${esc(f.id)}/${esc(f.fileName)}" target="_blank">${esc(f.fileName)}</a></td>
<td>Lớp ${esc(f.className)}</td><td>${esc(f.period)}</td><td>${esc(f.submitter)}</td><td>${esc(f.submittedAt.split('-').reverse().join('/'))}</td>
<td style="text-align:center" class="trang-thai">${badge(status)}${f.note ? `<div class="muted">${esc(f.note)}</div>` : ''}</td>
<td><details class="chi-tiet"><summary>Xem chi tiết</summary><div>Người nộp: ${esc(f.submitter)}</div><ol class="nguoi-ky">${signers}</ol></details>
<button class="btn" type="button" ${canAct ? '' : 'disabled'}>Chèn chữ ký</button><button class="btn" type="button" disabled title="Sổ bắt buộc ký CA">Ký duyệt</button><button class="btn primary" type="button" ${canAct ? '' : 'disabled'}>Ký số CA</button><button class="btn" type="button" ${canAct ? '' : 'disabled'}>Từ chối</button></td></tr>`;
    })
    .join('');
  const pageLink = (n, label, rel) =>
    n < 1 || n > pages
      ? `<li class="disabled"><span>${label}</span></li>`
      : `<li><a href="${view.path}/${book.id}?trang=${n}"${rel ? ` rel="${rel}"` : ''}>${label}</a></li>`;
  const numbers = Array.from({ length: pages }, (_, k) =>
    k + 1 === page
      ? `<li class="active"><span>${k + 1}</span></li>`
      : `<li><a href="${view.path}/${book.id}?trang=${k + 1}">${k + 1}</a></li>`,
  ).join('');
  const waiting = all.filter((f) => statusFor(f, view.role) === 'Chờ ký').length;
  return layout({
    user,
    active: view.key,
    title: `${view.title} - ${book.name}`,
    body: `<div class="breadcrumb">Sổ điện tử › <a href="${view.path}">${esc(view.title)}</a> › ${esc(book.name)}</div>
<div class="card"><div class="card-header">Thông tin sổ</div><div class="card-body"><dl class="info">
<dt>Tên sổ</dt><dd id="ten-so">${esc(book.name)}</dd><dt>Năm học</dt><dd>${SCHOOL_YEAR}</dd>
<dt>Loại áp dụng</dt><dd>${esc(book.type)}</dd><dt>Cấp áp dụng</dt><dd>Cấp 1</dd><dt>Định dạng file</dt><dd>PDF</dd>
<dt>Đối tượng ký duyệt sổ</dt><dd>1. Giáo viên chủ nhiệm 2. Cán bộ quản lý trường</dd><dt>Bắt buộc ký CA</dt><dd>☑</dd>
</dl></div></div>
<div class="card"><div class="card-header">Danh sách file nộp (${all.length} file, ${waiting} chờ ký)</div><div class="card-body">
<div class="filters"><label>Đối tượng nộp <select><option>Tất cả</option>${CLASSES.map((c) => `<option>Lớp ${c.name}</option>`).join('')}</select></label>
<label>Trạng thái <select><option>Tất cả</option><option>Chờ ký</option><option>Đã ký</option><option>Từ chối</option></select></label></div>
<div class="table-responsive"><table class="table" id="tblFileNop"><thead><tr><th>STT</th><th>File nộp</th><th>Đối tượng nộp</th><th>Kỳ nộp</th><th>Người nộp</th><th>Ngày nộp</th><th>Trạng thái</th><th>Thao tác</th></tr></thead>
<tbody>${rows || '<tr><td colspan="8" class="muted">Chưa có file nộp</td></tr>'}</tbody></table></div>
<ul class="pagination">${page === 1 ? pageLink(0, '« Trang đầu') : pageLink(1, '« Trang đầu', 'first')}${pageLink(page - 1, '‹ Trang trước', 'prev')}${numbers}${pageLink(page + 1, 'Trang sau ›', 'next')}</ul>
<p class="muted">Trang ${page}/${pages} · ${PAGE_SIZE} file mỗi trang</p></div></div>`,
  });
}

/**
 * The eDoc replica's routes, for makePortal (login and sessions are shared with the demo
 * portals). `signAsGvcn`, when given, signs the teachers' submissions once (the files whose
 * GVCN step the seed marks done), so the principal's step follows a real teacher signature.
 */
export function edocReplica({ dataDir, fonts, trust, readBody, maxUpload }) {
  const store = new EdocStore(dataDir);

  async function currentPdf(file) {
    const stored = store.storedPdf(file.id);
    if (stored && stored.length > 0) return stored;
    const pdf = (await renderRecordPdf(store.state.records[file.recordId], { fonts })).pdf;
    store.writePdf(file.id, pdf);
    return Buffer.from(pdf);
  }

  async function handle({ req, url, user, send }) {
    const view = viewOf(user);
    if (url.pathname === '/') return send(302, '', 'text/plain', { location: view.path });
    if (url.pathname === view.path) return send(200, bookList(store, user, view));
    let m = new RegExp(`^${view.path}/([\\w-]+)$`).exec(url.pathname);
    if (m) {
      const book = BOOKS.find((b) => b.id === m[1]);
      if (!book) return send(404, 'Không có sổ này');
      return send(200, bookDetail(store, user, view, book, Number(url.searchParams.get('trang') ?? 1) || 1));
    }
    m = /^\/files\/(F[\w]+)\/[^/]+\.pdf$/.exec(url.pathname);
    if (m) {
      const file = store.fileById(m[1]);
      if (!file) return send(404, 'Không có file này');
      return send(200, await currentPdf(file), 'application/pdf');
    }
    m = /^\/api\/ky-so-ca\/(F[\w]+)$/.exec(url.pathname);
    if (m && req.method === 'POST') {
      const json = (status, body) => send(status, JSON.stringify(body), 'application/json; charset=utf-8');
      const file = store.fileById(m[1]);
      if (!file) return json(404, { ok: false, error: 'Không có file này' });
      if (statusFor(file, view.role) !== 'Chờ ký')
        return json(409, {
          ok: false,
          error: `File không ở trạng thái chờ ký (${statusFor(file, view.role)})`,
        });
      const body = new Uint8Array(await readBody(req, maxUpload));
      const before = await currentPdf(file);
      // The signed file must be the file as it stood, with a signature appended.
      if (body.length <= before.length || !Buffer.from(body.subarray(0, before.length)).equals(before))
        return json(422, { ok: false, error: 'File ký không phải là file đã nộp' });
      const report = await verifyPdf(body, { trust });
      const roles = report.signatures.map((s) => s.role);
      if (report.verdict !== 'valid' || roles[roles.length - 1] !== view.role)
        return json(422, {
          ok: false,
          error: report.reason?.vi ?? 'Chữ ký không hợp lệ',
          verdict: report.verdict,
        });
      store.writePdf(file.id, body);
      const step = file.steps.find((s) => s.role === view.role);
      step.status = 'Đã ký';
      step.at = new Date().toISOString().slice(0, 10);
      step.name = report.signatures[report.signatures.length - 1]?.signer?.name ?? step.name;
      store.save();
      return json(200, { ok: true, status: 'Đã ký' });
    }
    return send(404, 'Không tìm thấy trang');
  }

  /** Signs, once, the submissions whose teacher step the seed marks done (see above). */
  async function prepareSubmissions(signAsGvcn) {
    const todo = store.state.files.filter(
      (f) => f.steps[0].status === 'Đã ký' && !store.state.gvcnSigned?.[f.id],
    );
    if (todo.length === 0) return;
    const unsigned = [];
    for (const f of todo) unsigned.push({ id: f.id, pdf: new Uint8Array(await currentPdf(f)) });
    const signed = await signAsGvcn(unsigned);
    store.state.gvcnSigned ??= {};
    for (const f of todo) {
      const pdf = signed.get(f.id);
      if (!pdf) continue;
      store.writePdf(f.id, pdf);
      store.state.gvcnSigned[f.id] = true;
    }
    store.save();
  }

  return { store, handle, prepareSubmissions };
}

/**
 * A replica of a VnEdu (VNPT) school site, built from its public guides
 * (shared/domain/portals.md), not from a capture of the live site: the Start menu
 * (Quản lý học sinh → Sổ điểm, Tổng kết, Chuyển trường, Tiếp nhận học sinh chuyển trường,
 * ...), a class's end-of-year results ("Tổng kết": class chosen with the Năm học / Khối /
 * Lớp selectors, a subject's "Mức đạt được" and "Điểm KTĐK", qualities and competences,
 * the result), and the receiving school's transfer screen, where each incoming pupil's
 * record arrives as an attached file ("Hồ sơ đính kèm").
 *
 * Assumed where the guides are silent: the URLs, the ids, the column captions, that a
 * subject's comment shows as the tooltip of its level cell, and the transfer screen's columns.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClass } from '@hocba/shared/generator';
import { renderRecordPdf } from '@hocba/shared/pdf/render';
import { COMPETENCES, QUALITIES, subjectInfo } from '@hocba/shared/record';
import { esc } from './html.mjs';

export const VNEDU = {
  name: 'vnedu',
  brand: 'vnEdu · Hệ thống quản lý trường học (bản mô phỏng)',
  theme: { brand: '#0072bc', head: '#d9ecf9', bg: '#eef3f8' },
};

const SCHOOL_YEAR = '2025-2026';
const CLASSES = [
  { id: '4b', name: '4B', grade: 4, seed: 4202 },
  { id: '5b', name: '5B', grade: 5, seed: 5202 },
];
const SENDING_SCHOOLS = ['Trường Tiểu học Nguyễn Du (Quận 3)', 'Trường Tiểu học Lê Lợi (Huyện Nhà Bè)'];

export function freshVneduState(size = 30, defectRate = 0.2) {
  const classes = CLASSES.map((c) => {
    const g = generateClass({ seed: c.seed, grade: c.grade, size, defectRate, className: c.name });
    return { ...c, teacher: g.homeroomTeacher, records: g.records, defects: g.defects };
  });
  // Two pupils moving in: their record (grades 1-4) arrives as a PDF from their old school.
  const incoming = generateClass({ seed: 5999, grade: 5, size: 2, defectRate: 0, className: '5B' }).records;
  const transfers = incoming.map((record, i) => ({
    id: `CT${String(i + 1).padStart(4, '0')}`,
    record: { ...record, years: record.years.filter((y) => y.grade <= 4) },
    fromSchool: SENDING_SCHOOLS[i % SENDING_SCHOOLS.length],
    toClass: '5B',
    date: `2026-08-${String(10 + i).padStart(2, '0')}`,
    status: 'Chờ tiếp nhận',
  }));
  return { version: 1, classes, transfers };
}

class VneduStore {
  constructor(dir, options) {
    this.file = join(dir, 'vnedu.json');
    this.attachDir = join(dir, 'vnedu.attachments');
    this.options = options;
    mkdirSync(this.attachDir, { recursive: true });
    this.state = existsSync(this.file) ? JSON.parse(readFileSync(this.file, 'utf8')) : this.reset();
  }

  reset() {
    this.state = freshVneduState(this.options.size, this.options.defectRate);
    for (const t of this.state.transfers) {
      const path = join(this.attachDir, `${t.id}.pdf`);
      if (existsSync(path)) writeFileSync(path, '');
    }
    this.save();
    return this.state;
  }

  save() {
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state));
    renameSync(`${this.file}.tmp`, this.file);
  }

  classById(id) {
    return this.state.classes.find((c) => c.id === id);
  }

  /** The attached file as the sending school sent it (tests put signed copies here). */
  attach(transferId, pdf) {
    const path = join(this.attachDir, `${transferId}.pdf`);
    writeFileSync(`${path}.tmp`, pdf);
    renameSync(`${path}.tmp`, path);
  }

  attachment(transferId) {
    const path = join(this.attachDir, `${transferId}.pdf`);
    const bytes = existsSync(path) ? readFileSync(path) : null;
    return bytes && bytes.length > 0 ? bytes : null;
  }
}

const fileNameOf = (t) => `HocBa_${t.record.student.studentCode}.pdf`;

function layout({ user, title, crumbs, body }) {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${esc(title)} | vnEdu</title>
<style>
body{margin:0;font-family:Tahoma,Arial,'DejaVu Sans',sans-serif;font-size:12px;color:#222;background:${VNEDU.theme.bg}}
#header{background:linear-gradient(#0a84d6,${VNEDU.theme.brand});color:#fff;padding:8px 14px;display:flex;justify-content:space-between;align-items:center}
#header .logo{font-size:17px;font-weight:bold}#header a{color:#fff}
#menu{background:#005a96;padding:0 8px}#menu>ul{list-style:none;margin:0;padding:0;display:flex}
#menu>ul>li{position:relative}#menu>ul>li>span{display:block;color:#fff;padding:7px 12px;cursor:default}
#menu ul ul{display:none;position:absolute;background:#fff;border:1px solid #9cc3e6;list-style:none;margin:0;padding:4px 0;min-width:230px;z-index:9}
#menu>ul>li:hover ul{display:block}#menu ul ul a{display:block;padding:5px 12px;color:#124f80;text-decoration:none}
#menu ul ul a:hover{background:#e6f1fb}
.path{padding:6px 14px;background:#fff;border-bottom:1px solid #c7d7e6;color:#555}
.panel{background:#fff;border:1px solid #a9c6e0;margin:10px 14px}
.panel-title{background:${VNEDU.theme.head};padding:6px 10px;font-weight:bold;color:#0b4f82;border-bottom:1px solid #a9c6e0}
.panel-body{padding:8px 10px}
.toolbar{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin-bottom:8px}
.grid-wrap{overflow:auto}
table.x-grid{border-collapse:collapse;background:#fff}
table.x-grid th,table.x-grid td{border:1px solid #b5cde3;padding:3px 5px;text-align:center;white-space:nowrap}
table.x-grid th{background:#e3eef8;color:#0b3e66}
table.x-grid td.left{text-align:left}
table.x-grid tbody tr:nth-child(even){background:#f5f9fd}
.btn{background:#f2f2f2;border:1px solid #9fb6cc;padding:3px 10px;border-radius:2px;cursor:pointer;font:inherit}
.btn.blue{background:${VNEDU.theme.brand};color:#fff;border-color:#00568f}
.muted{color:#777}
</style></head>
<body><div id="header"><span class="logo">${esc(VNEDU.brand)}</span><span>${esc(user.name)} · Trường Tiểu học Kim Đồng · <a href="/logout">Thoát</a></span></div>
<div id="menu"><ul>
<li><span>Quản lý nhân sự ▾</span><ul><li><a href="/">Hồ sơ nhân sự</a></li></ul></li>
<li><span>Quản lý học sinh ▾</span><ul>
<li><a href="/">Hồ sơ học sinh</a></li><li><a href="/">Kết chuyển lớp học</a></li><li><a href="/">Chuyển lớp</a></li>
<li><a href="/">Chuyển trường</a></li><li><a href="/hoc-sinh/tiep-nhan-chuyen-truong">Tiếp nhận học sinh chuyển trường</a></li>
<li><a href="/">Miễn giảm môn học</a></li><li><a href="/">Sổ điểm</a></li><li><a href="/hoc-sinh/tong-ket?lop=4b">Tổng kết</a></li></ul></li>
<li><span>Quản trị hệ thống ▾</span><ul><li><a href="/">Phân công giảng dạy</a></li><li><a href="/">Cấu hình số cột điểm</a></li><li><a href="/">Phân quyền</a></li><li><a href="/">Quản lý khóa</a></li></ul></li>
</ul></div>
<div class="path">${crumbs}</div>${body}</body></html>`;
}

function home(store, user) {
  const links = store.state.classes
    .map((c) => `<li><a href="/hoc-sinh/tong-ket?lop=${c.id}">Tổng kết lớp ${esc(c.name)}</a></li>`)
    .join('');
  return layout({
    user,
    title: 'Trang chủ',
    crumbs: 'Trang chủ',
    body: `<div class="panel"><div class="panel-title">Chào mừng đến với vnEdu</div><div class="panel-body"><ul>${links}<li><a href="/hoc-sinh/tiep-nhan-chuyen-truong">Tiếp nhận học sinh chuyển trường</a></li></ul></div></div>`,
  });
}

/** "Giữa học kỳ": comments only, no levels or scores (nothing the học bạ records). */
function midTermGrid(cls) {
  const year = (r) => r.years[r.years.length - 1];
  const subjects = year(cls.records[0]).subjects.map((s) => s.code);
  const head = subjects.map((code) => `<th>${esc(subjectInfo(code)?.label.vi ?? code)}</th>`).join('');
  const rows = cls.records
    .map(
      (r, i) =>
        `<tr><td>${i + 1}</td><td class="left">${esc(r.student.fullName)}</td>${subjects.map(() => '<td class="left">Hoàn thành tốt nội dung giữa kỳ.</td>').join('')}</tr>`,
    )
    .join('');
  return `<table class="x-grid" id="gridTongKet"><thead><tr><th rowspan="2">STT</th><th rowspan="2">Họ và tên</th>${head}</tr><tr>${subjects.map(() => '<th>Nhận xét</th>').join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** "Tổng kết" of a class, end of year: one row per pupil, a column pair per subject. */
function summary(store, user, cls, term) {
  const year = (r) => r.years[r.years.length - 1];
  const subjects = year(cls.records[0]).subjects.map((s) => s.code);
  const head1 = [
    '<th rowspan="2">STT</th><th rowspan="2">Mã học sinh</th><th rowspan="2">Họ và tên</th><th rowspan="2">Ngày sinh</th>',
    ...subjects.map((code) => `<th colspan="2">${esc(subjectInfo(code)?.label.vi ?? code)}</th>`),
    `<th colspan="${QUALITIES.length}">Phẩm chất</th><th colspan="${COMPETENCES.length}">Năng lực</th>`,
    '<th rowspan="2">Đánh giá kết quả giáo dục</th><th rowspan="2">Khen thưởng</th>',
  ].join('');
  const head2 = [
    ...subjects.map(() => '<th>Mức đạt được</th><th>Điểm KTĐK</th>'),
    ...QUALITIES.map((q) => `<th>${esc(q.label.vi)}</th>`),
    ...COMPETENCES.map((q) => `<th>${esc(q.label.vi)}</th>`),
  ].join('');
  const rows = cls.records
    .map((r, i) => {
      const y = year(r);
      const cells = subjects
        .map((code) => {
          const s = y.subjects.find((x) => x.code === code);
          if (!s) return '<td></td><td></td>';
          return `<td title="${esc(s.comment)}">${esc(s.level ?? '')}</td><td>${s.score ?? ''}</td>`;
        })
        .join('');
      const q = (list, items) =>
        list
          .map((x) => {
            const item = items.find((it) => it.code === x.code);
            return `<td title="${esc(item?.comment ?? '')}">${esc(item?.level ?? '')}</td>`;
          })
          .join('');
      return `<tr id="hs_${esc(r.recordId)}" data-hoc-sinh-id="${esc(r.recordId)}"><td>${i + 1}</td><td>${esc(r.student.studentCode)}</td><td class="left">${esc(r.student.fullName)}</td><td>${esc(r.student.dateOfBirth.split('-').reverse().join('/'))}</td>${cells}${q(QUALITIES, y.qualities)}${q(COMPETENCES, y.competences)}<td>${esc(y.rating ?? '')}</td><td class="left">${esc(y.awards.join('; '))}</td></tr>`;
    })
    .join('');
  const options = store.state.classes
    .map((c) => `<option value="${c.id}"${c.id === cls.id ? ' selected' : ''}>${esc(c.name)}</option>`)
    .join('');
  return layout({
    user,
    title: 'Tổng kết',
    crumbs: 'Quản lý học sinh › Tổng kết',
    body: `<div class="panel"><div class="panel-title">Tổng kết đánh giá cuối năm</div><div class="panel-body">
<form class="toolbar" id="frmChonLop" method="get" action="/hoc-sinh/tong-ket">
<label>Năm học <select id="cboNamHoc"><option selected>${SCHOOL_YEAR}</option></select></label>
<label>Khối <select id="cboKhoi"><option selected>Khối ${cls.grade}</option></select></label>
<label>Lớp <select id="cboLop" name="lop">${options}</select></label>
<label>Học kỳ <select id="cboHocKy" name="hk"><option value="gk1"${term === 'gk1' ? ' selected' : ''}>Giữa học kỳ I</option><option value="ck1">Cuối học kỳ I</option><option value="gk2">Giữa học kỳ II</option><option value="cn"${term === 'cn' ? ' selected' : ''}>Cuối năm</option></select></label>
<button class="btn blue" type="submit">Xem</button><button class="btn" type="button">Xuất Excel</button></form>
<p class="muted">GVCN: ${esc(cls.teacher)} · Sĩ số: ${cls.records.length}</p>
<div class="grid-wrap">${term === 'cn' ? `<table class="x-grid" id="gridTongKet"><thead><tr>${head1}</tr><tr>${head2}</tr></thead><tbody>${rows}</tbody></table>` : midTermGrid(cls)}</div>
</div></div>`,
  });
}

/** "Tiếp nhận học sinh chuyển trường": incoming pupils, each with the record attached. */
function transfers(store, user) {
  const rows = store.state.transfers
    .map(
      (t, i) =>
        `<tr data-id="${esc(t.id)}"><td>${i + 1}</td><td class="left">${esc(t.record.student.fullName)}</td><td>${esc(t.record.student.dateOfBirth.split('-').reverse().join('/'))}</td><td class="left">${esc(t.fromSchool)}</td><td>${esc(t.toClass)}</td><td>${esc(t.date.split('-').reverse().join('/'))}</td><td class="left"><a class="dinh-kem" href="/hoc-sinh/chuyen-truong/${esc(t.id)}/${esc(fileNameOf(t))}">${esc(fileNameOf(t))}</a></td><td>${esc(t.status)}</td><td><button class="btn blue" type="button">Tiếp nhận</button> <button class="btn" type="button">Từ chối</button></td></tr>`,
    )
    .join('');
  return layout({
    user,
    title: 'Tiếp nhận học sinh chuyển trường',
    crumbs: 'Quản lý học sinh › Tiếp nhận học sinh chuyển trường',
    body: `<div class="panel"><div class="panel-title">Danh sách học sinh chuyển đến</div><div class="panel-body">
<div class="toolbar"><label>Năm học <select><option selected>${SCHOOL_YEAR}</option></select></label><label>Trạng thái <select><option>Tất cả</option><option selected>Chờ tiếp nhận</option><option>Đã tiếp nhận</option></select></label></div>
<div class="grid-wrap"><table class="x-grid" id="gridTiepNhan"><thead><tr><th>STT</th><th>Họ và tên</th><th>Ngày sinh</th><th>Trường chuyển đi</th><th>Lớp chuyển đến</th><th>Ngày chuyển</th><th>Hồ sơ đính kèm</th><th>Trạng thái</th><th>Thao tác</th></tr></thead><tbody>${rows}</tbody></table></div>
</div></div>`,
  });
}

export function vneduReplica({ dataDir, fonts, size = 30, defectRate = 0.2 }) {
  const store = new VneduStore(dataDir, { size, defectRate });
  async function handle({ url, user, send }) {
    if (url.pathname === '/') return send(200, home(store, user));
    if (url.pathname === '/hoc-sinh/tong-ket') {
      const cls = store.classById(url.searchParams.get('lop') ?? '') ?? store.state.classes[0];
      return send(200, summary(store, user, cls, url.searchParams.get('hk') === 'gk1' ? 'gk1' : 'cn'));
    }
    if (url.pathname === '/hoc-sinh/tiep-nhan-chuyen-truong') return send(200, transfers(store, user));
    const m = /^\/hoc-sinh\/chuyen-truong\/(CT\d+)\/[^/]+\.pdf$/.exec(url.pathname);
    if (m) {
      const t = store.state.transfers.find((x) => x.id === m[1]);
      if (!t) return send(404, 'Không có hồ sơ này');
      const pdf = store.attachment(t.id) ?? Buffer.from((await renderRecordPdf(t.record, { fonts })).pdf);
      return send(200, pdf, 'application/pdf');
    }
    return send(404, 'Không tìm thấy trang');
  }
  return { store, handle };
}

/**
 * Demo portal B, shaped like another vendor: per class a grid of students where each
 * student is a block with subjects as rows, tabs per semester, no PDF of its own and no
 * upload. It offers the record data as JSON ("Xuất dữ liệu học bạ"), which the extension
 * renders and signs; the signed files are downloaded.
 */
import { COMPETENCES, QUALITIES, subjectInfo } from '@hocba/shared/record';
import { esc, page } from './html.mjs';

export const PORTAL_B = {
  name: 'portal-b',
  brand: 'SchoolNet B · Quản lý nhà trường (bản demo)',
  theme: { brand: '#1f7a4d', head: '#e3f1e9', bg: '#f3f7f4' },
};

function classList(store, user) {
  const items = store.state.classes
    .map(
      (c) =>
        `<li><a href="/lop/${c.id}?hk=cn">Lớp ${esc(c.name)}</a> (${c.records.length} học sinh, GVCN ${esc(c.homeroomTeacher)})</li>`,
    )
    .join('');
  return page({
    ...PORTAL_B,
    title: 'Lớp học',
    user,
    body: `<nav class="crumbs">Trường Tiểu học Kim Đồng › Đánh giá học sinh</nav><main><h1>Chọn lớp</h1><ul>${items}</ul></main>`,
  });
}

function classGrid(store, cls, user, semester) {
  const tabs = `<div class="tabs"><a href="?hk=1" class="${semester === '1' ? 'active' : ''}" id="tab-hk1">Học kỳ I</a><a href="?hk=cn" class="${semester === 'cn' ? 'active' : ''}" id="tab-cuoi-nam">Cuối năm</a></div>`;
  const blocks = cls.records
    .map((r, i) => {
      const y = r.years[r.years.length - 1];
      const subjectRows = y.subjects
        .map(
          (s) =>
            `<tr data-mon="${esc(s.code)}"><td class="ten">${esc(subjectInfo(s.code)?.label.vi ?? s.code)}</td><td class="muc">${esc(semester === 'cn' ? (s.level ?? '') : '')}</td><td class="diem">${semester === 'cn' ? (s.score ?? '') : ''}</td><td class="nhan-xet ten">${esc(semester === 'cn' ? s.comment : '')}</td></tr>`,
        )
        .join('');
      const qRows = (label, table, items) =>
        table
          .map((q) => {
            const item = items.find((x) => x.code === q.code);
            return `<tr data-muc-tieu="${esc(q.code)}"><td>${label}</td><td class="ten">${esc(q.label.vi)}</td><td class="muc">${esc(semester === 'cn' ? (item?.level ?? '') : '')}</td><td class="nhan-xet ten">${esc(semester === 'cn' ? (item?.comment ?? '') : '')}</td></tr>`;
          })
          .join('');
      return `<section class="hoc-sinh" data-ma="${esc(r.recordId)}"><h3><span class="stt">${i + 1}.</span> <span class="ten-hs">${esc(r.student.fullName)}</span> <span class="note">(${esc(r.student.dateOfBirth.split('-').reverse().join('/'))})</span> · <a class="xuat-du-lieu" href="/hocsinh/${esc(r.recordId)}/hocba.json">Xuất dữ liệu học bạ</a></h3>
<table class="grid mon-hoc"><thead><tr><th>Môn học / hoạt động</th><th>Mức đạt được</th><th>Điểm KTĐK</th><th>Nhận xét</th></tr></thead><tbody>${subjectRows}</tbody></table>
<table class="grid pham-chat-nang-luc" style="margin-top:6px"><thead><tr><th>Nhóm</th><th>Phẩm chất / năng lực</th><th>Mức</th><th>Nhận xét</th></tr></thead><tbody>${qRows('Phẩm chất', QUALITIES, y.qualities)}${qRows('Năng lực', COMPETENCES, y.competences)}</tbody></table>
<p>Đánh giá cuối năm: <b class="danh-gia">${esc(semester === 'cn' ? (y.rating ?? '') : '')}</b></p></section>`;
    })
    .join('');
  return page({
    ...PORTAL_B,
    title: `Đánh giá lớp ${cls.name}`,
    user,
    body: `<nav class="crumbs"><a href="/">Lớp học</a> › Lớp ${esc(cls.name)}</nav><main data-nam-hoc="${esc(cls.schoolYear)}" data-khoi="${cls.grade}" data-lop="${esc(cls.name)}" data-hoc-ky="${semester}">
<h1>Bảng tổng hợp kết quả đánh giá giáo dục · Lớp ${esc(cls.name)} · ${esc(cls.schoolYear)}</h1>${tabs}
<div id="ket-qua" class="${semester === 'cn' ? 'cuoi-nam' : 'hoc-ky-1'}">${semester === '1' ? '<p class="note">Học kỳ I: sổ đã khoá, chỉ xem.</p>' : ''}${blocks}</div></main>`,
  });
}

export const portalB = { ...PORTAL_B, classList, classGrid };

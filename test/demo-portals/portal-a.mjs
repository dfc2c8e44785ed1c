/**
 * Demo portal A, shaped like a large vendor's portal: one table per class with a column
 * pair (Mức, Điểm) per subject, a "Xem học bạ" PDF per student rendered by the portal, and
 * an upload endpoint that keeps signed PDFs only when their signatures verify.
 */
import { approvalText, COMPETENCES, QUALITIES, SUBJECTS, subjectInfo } from '@hocba/shared/record';
import { esc, page } from './html.mjs';

export const PORTAL_A = {
  name: 'portal-a',
  brand: 'EduPortal A · Hệ thống quản lý giáo dục (bản demo)',
  theme: { brand: '#0a4d8c', head: '#dce8f5', bg: '#eef2f6' },
};

function classList(store, user) {
  const rows = store.state.classes
    .map(
      (c) =>
        `<tr><td>${esc(c.name)}</td><td>${c.grade}</td><td>${c.records.length}</td><td class="ten">${esc(c.homeroomTeacher)}</td><td><a href="/lop/${c.id}">Bảng tổng hợp</a></td></tr>`,
    )
    .join('');
  return page({
    ...PORTAL_A,
    title: 'Danh sách lớp',
    user,
    body: `<nav class="crumbs">Trường Tiểu học Kim Đồng › Danh sách lớp</nav><main><h1>Danh sách lớp năm học ${esc(store.state.classes[0]?.schoolYear)}</h1>
<table class="grid"><thead><tr><th>Lớp</th><th>Khối</th><th>Sĩ số</th><th>GVCN</th><th></th></tr></thead><tbody>${rows}</tbody></table></main>`,
  });
}

function classTable(store, cls, user, notice) {
  const year = (r) => r.years[r.years.length - 1];
  const first = cls.records[0];
  const subjects = year(first).subjects.map((s) => s.code);
  const headTop = [
    '<th rowspan="2">STT</th><th rowspan="2">Mã HS</th><th rowspan="2">Họ và tên</th><th rowspan="2">Ngày sinh</th>',
    ...subjects.map((code) => `<th colspan="2">${esc(subjectInfo(code)?.label.vi ?? code)}</th>`),
    `<th colspan="${QUALITIES.length}">Phẩm chất</th><th colspan="${COMPETENCES.length}">Năng lực</th>`,
    '<th rowspan="2">Đánh giá</th><th rowspan="2">Lý do đánh giá</th><th rowspan="2">Khen thưởng</th>',
    '<th rowspan="2">Xác nhận của Hiệu trưởng</th><th rowspan="2">Học bạ</th>',
  ].join('');
  const headSub = [
    ...subjects.map(() => '<th>Mức</th><th>Điểm</th>'),
    ...QUALITIES.map((q) => `<th>${esc(q.label.vi)}</th>`),
    ...COMPETENCES.map((q) => `<th>${esc(q.label.vi)}</th>`),
  ].join('');
  const body = cls.records
    .map((r, i) => {
      const y = year(r);
      const cells = subjects
        .map((code) => {
          const s = y.subjects.find((x) => x.code === code);
          const name = `${r.recordId}|${code}`;
          if (!s) return '<td></td><td></td>';
          return `<td title="${esc(s.comment)}"><input name="${esc(name)}|level" value="${esc(s.level ?? '')}"></td><td><input name="${esc(name)}|score" value="${s.score ?? ''}"></td>`;
        })
        .join('');
      const qc = (list, items) =>
        list
          .map((q) => {
            const item = items.find((x) => x.code === q.code);
            return `<td title="${esc(item?.comment ?? '')}"><input name="${esc(r.recordId)}|${q.code}|qlevel" value="${esc(item?.level ?? '')}"></td>`;
          })
          .join('');
      const signed = store.state.signed[r.recordId];
      return `<tr data-ma-hs="${esc(r.recordId)}"><td>${i + 1}</td><td>${esc(r.student.studentCode)}</td><td class="ten">${esc(r.student.fullName)}</td><td>${esc(r.student.dateOfBirth.split('-').reverse().join('/'))}</td>${cells}${qc(QUALITIES, y.qualities)}${qc(COMPETENCES, y.competences)}<td><input name="${esc(r.recordId)}|rating" value="${esc(y.rating ?? '')}" style="width:44px"></td><td><input name="${esc(r.recordId)}|ratingReason" value="${esc(y.ratingReason ?? '')}" style="width:120px"></td><td>${esc(y.awards.join('; '))}</td><td class="xac-nhan" style="min-width:220px">${esc(approvalText(y.signatures.principal))}</td><td><a class="xem-hoc-ba" href="/hocba/${esc(r.recordId)}.pdf">Xem học bạ</a>${signed ? ` <span class="da-ky" title="${esc(signed.signers.map((s) => s.name).join(', '))}">✔ đã ký</span>` : ''}</td></tr>`;
    })
    .join('');
  return page({
    ...PORTAL_A,
    title: `Bảng tổng hợp lớp ${cls.name}`,
    user,
    body: `<nav class="crumbs"><a href="/">Danh sách lớp</a> › Lớp ${esc(cls.name)}</nav><main data-nam-hoc="${esc(cls.schoolYear)}" data-khoi="${cls.grade}" data-lop="${esc(cls.name)}">
<h1>Bảng tổng hợp kết quả đánh giá giáo dục lớp ${esc(cls.name)}, năm học ${esc(cls.schoolYear)}</h1>
<p class="note">GVCN: ${esc(cls.homeroomTeacher)} · Sĩ số: ${cls.records.length}${notice ? ` · <b id="thong-bao">${esc(notice)}</b>` : ''}</p>
<form method="post" action="/lop/${cls.id}"><div class="scroll"><table class="grid" id="bang-tong-hop"><thead><tr>${headTop}</tr><tr>${headSub}</tr></thead><tbody>${body}</tbody></table></div>
<p><button class="btn" type="submit" id="luu">Lưu thay đổi</button></p></form></main>`,
  });
}

/** Applies the edited inputs of the class form to the records. */
function applyEdits(cls, form) {
  for (const [key, raw] of form) {
    const [recordId, code, field] = key.split('|');
    const record = cls.records.find((r) => r.recordId === recordId);
    if (!record) continue;
    const y = record.years[record.years.length - 1];
    const value = String(raw).trim();
    if (code === 'rating') {
      y.rating = value === '' ? null : value;
    } else if (code === 'ratingReason') {
      y.ratingReason = value === '' ? null : value;
    } else if (field === 'level' || field === 'score') {
      const s = y.subjects.find((x) => x.code === code);
      if (!s) continue;
      if (field === 'level') s.level = value === '' ? null : value;
      else s.score = value === '' ? null : Number(value.replace(',', '.'));
    } else if (field === 'qlevel') {
      const item = [...y.qualities, ...y.competences].find((x) => x.code === code);
      if (item) item.level = value === '' ? null : value;
    }
  }
}

export const portalA = { ...PORTAL_A, classList, classTable, applyEdits, SUBJECTS };

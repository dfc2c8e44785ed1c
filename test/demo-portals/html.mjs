/** Tiny HTML helpers for the server-rendered demo portals (everything escaped by default). */
export function esc(value) {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

export function page({ title, brand, theme, user, body }) {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{margin:0;font-family:Arial,'DejaVu Sans',sans-serif;font-size:13px;color:#222;background:${theme.bg}}
header{background:${theme.brand};color:#fff;padding:10px 18px;display:flex;justify-content:space-between;align-items:center}
header .brand{font-weight:bold;font-size:16px} header a{color:#fff}
nav.crumbs{padding:8px 18px;background:#fff;border-bottom:1px solid #ddd}
main{padding:14px 18px}
h1{font-size:18px;margin:0 0 10px;color:${theme.brand}}
table.grid{border-collapse:collapse;background:#fff}
table.grid th,table.grid td{border:1px solid #b9c3cf;padding:3px 5px;text-align:center}
table.grid th{background:${theme.head};font-weight:bold}
table.grid td.ten{text-align:left;white-space:nowrap}
table.grid input{width:26px;text-align:center;border:1px solid #ccc}
.scroll{overflow:auto;max-width:100%}
.btn{background:${theme.brand};color:#fff;border:0;padding:6px 14px;border-radius:3px;cursor:pointer}
.tabs a{display:inline-block;padding:6px 14px;border:1px solid #ccc;border-bottom:0;background:#eee;margin-right:2px;color:#333;text-decoration:none}
.tabs a.active{background:#fff;font-weight:bold}
.hoc-sinh{background:#fff;border:1px solid #ccc;margin:10px 0;padding:8px 12px}
.hoc-sinh h3{margin:0 0 6px;font-size:14px}
.note{color:#666}
</style></head>
<body><header><span class="brand">${esc(brand)}</span><span>${user ? `${esc(user.name)} · <a href="/logout">Thoát</a>` : ''}</span></header>
${body}</body></html>`;
}

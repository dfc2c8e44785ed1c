// The extension's footprint: the size of each content script and page bundle (with what it
// imports), and what it costs a portal page: the demo portals' class pages loaded in a
// Chromium without the extension and in one with it.
import { fileURLToPath } from 'node:url';
import { startDemoPortals } from '../../demo-portals/server.mjs';
import { ratio, row, summarize, workDir } from '../harness.mjs';
import { launch } from '../helpers/browser.mjs';
import { extensionBundles } from '../helpers/bundles.mjs';
import { login, measureLoads } from '../helpers/portal-load.mjs';

export const name = 'extension';
export const title = 'Kích thước tiện ích và thời gian tải cổng / extension footprint';

const DIST = fileURLToPath(new URL('../../../extension/dist/chromium', import.meta.url));

export async function run({ quick }) {
  const rows = extensionBundles(DIST).map((b) =>
    row(
      'extension',
      `${b.kind}: ${b.entry} (+ ${b.files.length - 1} files it loads)`,
      { median: b.raw },
      'bytes',
      {
        note: `gzip ${b.gzip.toLocaleString('en')} B; own file ${b.ownRaw.toLocaleString('en')} B / gzip ${b.ownGzip.toLocaleString('en')} B`,
      },
    ),
  );

  const runs = quick ? 2 : 9;
  const portals = await startDemoPortals({ dataDir: workDir('extension'), portA: 0, portB: 0 });
  const pages = [
    { label: 'portal A class table (35 pupils)', url: `${portals.urlA}/lop/4a`, base: portals.urlA },
    { label: 'portal B class grid (35 pupils)', url: `${portals.urlB}/lop/3a?hk=cn`, base: portals.urlB },
  ];
  const results = { without: {}, with: {} };
  try {
    for (const variant of ['without', 'with']) {
      const { browser, close } = await launch({ extension: variant === 'with' });
      try {
        const page = await browser.newPage();
        for (const p of pages) {
          await login(page, p.base);
          results[variant][p.label] = await measureLoads(page, p.url, runs, { toolbar: variant === 'with' });
        }
      } finally {
        await close();
      }
    }
  } finally {
    await portals.close();
  }
  for (const p of pages) {
    const without = results.without[p.label];
    const withExt = results.with[p.label];
    rows.push(
      row('extension', `${p.label}: load event, without extension`, summarize(without.load), 'ms'),
      row('extension', `${p.label}: load event, with extension`, summarize(withExt.load), 'ms'),
      row(
        'extension',
        `${p.label}: ratio with / without (load event)`,
        ratio(withExt.load, without.load),
        '×',
        {
          note: 'runs paired in order; separate launches',
        },
      ),
      row('extension', `${p.label}: toolbar shown (content script done)`, summarize(withExt.toolbar), 'ms', {
        note: 'from navigation start',
      }),
    );
  }
  return rows;
}

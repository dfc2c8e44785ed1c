// How long a demo portal class page takes to load in a Chromium launched with or without
// the extension: navigation timing (load event end) per page load, and, with the
// extension, when the content script's toolbar appears.

/** Logs into a demo portal (gvcn / demo). */
export async function login(page, baseUrl) {
  await page.goto(`${baseUrl}/login`);
  await page.type('#user', 'gvcn');
  await page.type('#password', 'demo');
  await Promise.all([page.waitForNavigation(), page.click('#dang-nhap')]);
}

/** Loads `url` `runs` times (after one unmeasured load): { load: ms[], toolbar: ms[] }. */
export async function measureLoads(page, url, runs, { toolbar }) {
  const load = [];
  const shown = [];
  for (let r = 0; r < runs + 1; r++) {
    await page.goto(url, { waitUntil: 'load' });
    const loadEnd = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
    let toolbarAt;
    if (toolbar) {
      const handle = await page.waitForFunction(
        () => (document.querySelector('[data-hocba-host]') ? performance.now() : false),
        { polling: 'mutation', timeout: 20_000 },
      );
      toolbarAt = await handle.jsonValue();
    }
    if (r === 0) continue;
    load.push(loadEnd);
    if (toolbar) shown.push(toolbarAt);
  }
  return { load, toolbar: shown };
}

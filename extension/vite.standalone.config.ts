import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * `vite build --config vite.standalone.config.ts` → dist/verify-standalone/hocba-xac-minh.html:
 * the verify page as one file a school opens from disk, with no extension installed.
 *
 * One entry, one JS chunk (code splitting off: dynamic imports stay inside it), one CSS file, assets as data:
 * URLs; the plugin below then puts the JS and CSS inside the HTML and drops the separate
 * files. A small plugin rather than vite-plugin-singlefile: the job is twenty lines, and the
 * build of a security tool should not depend on one more package for it.
 */
const OUTPUT_NAME = 'hocba-xac-minh.html';

/** `</script` or `</style` inside inlined code would end the element early. */
const escapeClosingTag = (code: string, tag: 'script' | 'style') =>
  code.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');

const inlineIntoSingleHtml: Plugin = {
  name: 'hocba-inline-single-html',
  enforce: 'post',
  generateBundle(_options, bundle) {
    const html = Object.values(bundle).find(
      (file) => file.type === 'asset' && file.fileName.endsWith('.html'),
    );
    if (html?.type !== 'asset') this.error('no HTML page in the standalone build');
    let page = String(html.source);
    for (const file of Object.values(bundle)) {
      const name = file.fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (file.type === 'chunk' && file.isEntry) {
        const tag = new RegExp(`<script type="module"[^>]*src="[^"]*${name}"[^>]*></script>`);
        if (!tag.test(page)) this.error(`entry ${file.fileName} is not referenced by the page`);
        // A function replacement: `$&` and friends in the bundle must stay as they are.
        page = page.replace(
          tag,
          () => `<script type="module">${escapeClosingTag(file.code, 'script')}</script>`,
        );
      } else if (file.type === 'asset' && file.fileName.endsWith('.css')) {
        const tag = new RegExp(`<link rel="stylesheet"[^>]*href="[^"]*${name}"[^>]*>`);
        if (!tag.test(page)) this.error(`stylesheet ${file.fileName} is not referenced by the page`);
        page = page.replace(tag, () => `<style>${escapeClosingTag(String(file.source), 'style')}</style>`);
      } else if (file !== html) {
        this.error(`${file.fileName} would be a separate file: the standalone page must be one file`);
      }
    }
    for (const fileName of Object.keys(bundle)) delete bundle[fileName];
    this.emitFile({ type: 'asset', fileName: OUTPUT_NAME, source: page });
  },
};

export default defineConfig({
  plugins: [preact(), inlineIntoSingleHtml],
  resolve: { conditions: ['source'] },
  // The _locales JSON is imported (bundled-messages.ts), not copied.
  publicDir: false,
  base: './',
  build: {
    outDir: 'dist/verify-standalone',
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome116',
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    cssCodeSplit: false,
    // The preload helper would be one more script; a single chunk needs none.
    modulePreload: false,
    rolldownOptions: {
      input: 'src/pages/verify/standalone.html',
      // One chunk: what rollup called inlineDynamicImports (rolldown deprecates that name).
      output: { codeSplitting: false },
    },
  },
});

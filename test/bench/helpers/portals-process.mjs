// The demo portals in a process of their own for the page-load bench: served from the bench's
// own process, every page request waited behind whatever the bench was doing (puppeteer's
// DevTools traffic, reading traces, its garbage collection), and that wait landed in the load
// event of one variant and not the other. A school's portal is another computer's server.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../demo-portals/main.mjs', import.meta.url));

/** Starts `test/demo-portals/main.mjs` on ports the OS chooses: { urlA, urlB, close() }. */
export function startPortalsProcess(dataDir) {
  const child = spawn(
    process.execPath,
    [MAIN, '--data', dataDir, '--port-a', '0', '--port-b', '0', '--port-edoc', '0', '--port-vnedu', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    let out = '';
    let started = false;
    const fail = (why) => {
      if (started) return;
      child.kill('SIGKILL');
      reject(new Error(`demo portals: ${why}`));
    };
    const timer = setTimeout(() => fail(`no address in 20 s: ${out}`), 20_000);
    child.once('exit', (code) => fail(`exited with ${code}: ${out}`));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const a = /portal A: (http:\/\/\S+)/.exec(out)?.[1];
      const b = /portal B: (http:\/\/\S+)/.exec(out)?.[1];
      if (started || !a || !b) return;
      clearTimeout(timer);
      started = true;
      resolve({
        urlA: a,
        urlB: b,
        close: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

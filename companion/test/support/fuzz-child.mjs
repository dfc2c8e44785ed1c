// A companion in its own process for the fuzz suite (a crash there is an exit code, not a
// test-runner event): the built companion (dist/), no signing engine (malformed messages
// never reach one). Run with --expose-gc. Prints one JSON line when listening; then each
// "mem" line on stdin gets the heap after a full GC, and the last-resort count, as JSON.
import { createInterface } from 'node:readline';
import { loadConfig } from '../../dist/config/index.js';
import { startCompanion } from '../../dist/server/index.js';

const [dataDir, module] = process.argv.slice(2);
const engine = {
  async renderRecord() {
    throw new Error('fuzz: no engine');
  },
  async sign() {
    throw new Error('fuzz: no engine');
  },
};
const config = loadConfig({ dataDir, port: 0, module }, {});
const companion = await startCompanion({ config, engine, version: '0.0.0-fuzz' });
console.log(JSON.stringify({ status: 'listening', port: companion.port }));
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'mem') return;
  globalThis.gc?.();
  globalThis.gc?.();
  const { heapUsed, external, arrayBuffers, rss } = process.memoryUsage();
  console.log(JSON.stringify({ heapUsed, external, arrayBuffers, rss }));
});
process.stdin.on('end', async () => {
  await companion.close();
  process.exit(0);
});

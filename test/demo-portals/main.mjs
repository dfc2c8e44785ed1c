// `node test/demo-portals/main.mjs [--data DIR] [--port-a N] [--port-b N] [--anchor PEM] [--reset]`
import { readFileSync } from 'node:fs';
import { startDemoPortals } from './server.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const anchors = args.flatMap((a, i) => (a === '--anchor' ? [readFileSync(args[i + 1], 'utf8')] : []));
const portals = await startDemoPortals({
  dataDir: opt('--data', '.demo/portals'),
  portA: Number(opt('--port-a', 18281)),
  portB: Number(opt('--port-b', 18282)),
  trustAnchors: anchors,
});
if (args.includes('--reset')) {
  portals.storeA.reset();
  portals.storeB.reset();
}
console.log(`Cổng A / portal A: ${portals.urlA}  (gvcn / demo, hieutruong / demo)`);
console.log(`Cổng B / portal B: ${portals.urlB}`);
const stop = () => portals.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

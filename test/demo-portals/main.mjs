// `node test/demo-portals/main.mjs [--data DIR] [--port-a N] [--port-b N] [--port-edoc N] [--port-vnedu N] [--anchor PEM] [--reset]`
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
  portEdoc: Number(opt('--port-edoc', 18283)),
  portVnedu: Number(opt('--port-vnedu', 18284)),
  trustAnchors: anchors,
});
if (args.includes('--reset')) {
  portals.storeA.reset();
  portals.storeB.reset();
  portals.edoc.store.reset();
  portals.vnedu.store.reset();
}
console.log(`Cổng A / portal A: ${portals.urlA}  (gvcn / demo, hieutruong / demo)`);
console.log(`Cổng B / portal B: ${portals.urlB}`);
console.log(`eDoc (bản mô phỏng / replica): ${portals.urlEdoc}`);
console.log(`VnEdu (bản mô phỏng / replica): ${portals.urlVnedu}`);
const stop = () => portals.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

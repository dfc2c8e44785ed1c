// A companion in its own process for the "killed mid-batch" test: the built companion
// (dist/) with the same stand-in engine as test/support/engine.ts (the token really signs).
// Usage: node companion-child.mjs <dataDir> <modulePath>; prints one JSON line when ready.
import { loadConfig } from '../../dist/config/index.js';
import { startCompanion } from '../../dist/server/index.js';

const [dataDir, module] = process.argv.slice(2);
const TRAILER = '\n%%TEST-SIGNATURE ';
const engine = {
  async renderRecord(record) {
    return new TextEncoder().encode(`%PDF-1.7\n% test record\n${JSON.stringify(record)}\n%%EOF`);
  },
  async sign(pdf, options) {
    const algorithm = options.algorithm ?? options.signer.algorithms[0];
    const signature = await options.signer.sign(pdf, algorithm);
    const signed = new Uint8Array(
      Buffer.concat([
        Buffer.from(pdf),
        Buffer.from(`${TRAILER}${options.role} ${algorithm} `),
        Buffer.from(Buffer.from(signature).toString('base64')),
      ]),
    );
    return { pdf: signed, algorithm };
  },
};
const config = loadConfig({ dataDir, port: 0, module }, {});
const companion = await startCompanion({ config, engine, version: '0.0.0-child' });
console.log(JSON.stringify({ status: 'listening', port: companion.port }));

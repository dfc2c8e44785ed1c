// Writes docs/record.schema.json from the zod schema (the one source of truth).
// Run after `npm run build`: `npm run schema -w shared`.
import { writeFileSync } from 'node:fs';
import { recordJsonSchema } from '../dist/record/index.js';

const out = new URL('../../docs/record.schema.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(recordJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out.pathname}`);

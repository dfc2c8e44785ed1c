// `node --import ./scripts/fuzz/register.mjs`: installs ts-hooks.mjs in this thread (workers get it through execArgv).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);

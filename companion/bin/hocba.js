#!/usr/bin/env node
// The one `hocba` command for every tool of the project (built from companion/src/cli).
import { main } from '../dist/cli/main.js';

// A reader that stops early (`hocba verify --json … | head`) closes the pipe: nothing more
// can be said there, so a one-shot command stops quietly, as Unix tools do, instead of
// dying on an unhandled EPIPE. The companion (`serve`) keeps serving: its log is a file.
const SERVING = new Set(['serve', 'companion']);
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  if (!SERVING.has(process.argv[2])) process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));

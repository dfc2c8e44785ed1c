#!/usr/bin/env node
// The one `hocba` command for every tool of the project (built from companion/src/cli).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

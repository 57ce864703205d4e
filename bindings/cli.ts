#!/usr/bin/env node
// Entry of the `saddle` bin (dist/cli.js).
import { main } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2));

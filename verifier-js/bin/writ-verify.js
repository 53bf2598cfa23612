#!/usr/bin/env node
// writ-verify <bundle> [--json] [--trusted-keys <jwks>] [--rpc <url> --evidence-anchor <addr>]
//             [--allow-partial] [--rpc-timeout <seconds>]

import { run } from '../cli/run.js';

process.exitCode = await run(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s));

#!/usr/bin/env node
// For the cross-check with the Java verifier (src/test/java): runs the command once per argument
// list in the JSON file named by argv[2], in one process, and prints a JSON array of
// {exit, out}: the same run() as bin/writ-verify.js, without a node start per bundle.

import { readFile } from 'node:fs/promises';
import { run } from '../cli/run.js';

const runs = JSON.parse(await readFile(process.argv[2], 'utf8'));
const results = [];
for (const argv of runs) {
  let out = '';
  const exit = await run(argv, (s) => { out += s; }, (s) => { out += s; });
  results.push({ exit, out });
}
process.stdout.write(JSON.stringify(results));

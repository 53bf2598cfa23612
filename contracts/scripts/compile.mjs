// Compiles every src/main/solidity/*.sol with the pinned solcjs into <Name>.abi (JSON) and
// <Name>.bin (hex) files. Deterministic on purpose: CompiledArtifactsTest recompiles into a
// temporary directory and compares byte for byte with the committed artifacts, which is the proof
// that the artifacts match the sources.
//
//   node scripts/compile.mjs [outputDir]   (default: src/main/resources/writ/contracts)
//
// Determinism: sources are keyed by bare file name (no absolute paths), read in sorted order, and
// the CBOR metadata trailer (which would embed a hash of paths and settings) is not appended.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');

const moduleDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(moduleDir, 'src', 'main', 'solidity');
const outputDir = resolve(process.argv[2] ?? join(moduleDir, 'src', 'main', 'resources', 'writ', 'contracts'));

const sources = {};
for (const file of readdirSync(sourceDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[file] = { content: readFileSync(join(sourceDir, file), 'utf8') };
}
if (Object.keys(sources).length === 0) {
  console.error(`no .sol files in ${sourceDir}`);
  process.exit(1);
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    metadata: { appendCBOR: false, bytecodeHash: 'none' },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
let failed = false;
for (const diagnostic of output.errors ?? []) {
  console.error(diagnostic.formattedMessage ?? diagnostic.message);
  if (diagnostic.severity === 'error') failed = true;
}
if (failed) process.exit(1);

mkdirSync(outputDir, { recursive: true });
const written = [];
for (const file of Object.keys(output.contracts ?? {}).sort()) {
  for (const name of Object.keys(output.contracts[file]).sort()) {
    const contract = output.contracts[file][name];
    const bytecode = contract.evm.bytecode.object;
    if (bytecode.length === 0) continue; // interfaces and abstract contracts: nothing to deploy
    writeFileSync(join(outputDir, `${name}.abi`), JSON.stringify(contract.abi) + '\n');
    writeFileSync(join(outputDir, `${name}.bin`), bytecode + '\n');
    written.push(name);
  }
}
console.log(`solc ${solc.version()}: ${written.join(', ')} -> ${outputDir}`);

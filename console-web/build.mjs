// Bundles the console's page into the directory given (the node jar's writ/console/): console.js and
// console.css by esbuild (uPlot's module and stylesheet included), index.html as it is.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) {
  console.error('usage: npm run build -- <output directory>');
  process.exit(2);
}
await mkdir(out, { recursive: true });
await build({
  entryPoints: { console: 'src/main.js' },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'linked',
  outdir: out,
  logLevel: 'warning',
});
await build({
  entryPoints: { console: 'src/console.css' },
  bundle: true,
  minify: true,
  outdir: out,
  logLevel: 'warning',
});
await copyFile('src/index.html', join(out, 'index.html'));

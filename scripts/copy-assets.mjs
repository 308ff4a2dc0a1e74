// Puts the browser files of the npm dependencies into wwwroot/lib, where the layout links them: Bootstrap and htmx as
// published, ECharts bundled from src/Dangjian/Assets/echarts-entry.mjs with only the charts the dashboard draws.
// Run by the build (Dangjian.csproj, RestoreFrontEndAssets) after `npm ci`; the .stamp file tells it the work is done.
import { createRequire } from 'node:module';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
const app = join(dirname(fileURLToPath(import.meta.url)), '../src/Dangjian');
// The packages are installed beside the app (src/Dangjian/node_modules), not beside this script.
const { build } = createRequire(join(app, 'package.json'))('esbuild');
const lib = join(app, 'wwwroot/lib');
const files = [
  ['bootstrap/dist/css/bootstrap.min.css', 'bootstrap/bootstrap.min.css'],
  ['bootstrap/dist/js/bootstrap.bundle.min.js', 'bootstrap/bootstrap.bundle.min.js'],
  ['htmx.org/dist/htmx.min.js', 'htmx/htmx.min.js'],
];
// A file left over from an earlier layout of lib would still be served (and fingerprinted), so lib is made afresh.
rmSync(lib, { recursive: true, force: true });
for (const [from, to] of files) {
  mkdirSync(dirname(join(lib, to)), { recursive: true });
  cpSync(join(app, 'node_modules', from), join(lib, to));
}

const echarts = JSON.parse(readFileSync(join(app, 'node_modules/echarts/package.json'), 'utf8')).version;
await build({
  entryPoints: [join(app, 'Assets/echarts-entry.mjs')],
  outfile: join(lib, 'echarts/echarts.custom.min.js'),
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2017',
  // ECharts checks process.env.NODE_ENV for its development warnings; the browser has no process.
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  banner: { js: `/*! Apache ECharts ${echarts} (Apache-2.0) with ZRender (BSD-3-Clause), custom build of src/Dangjian/Assets/echarts-entry.mjs: bar and pie charts, grid, legend, tooltip, SVG renderer. */` },
  logLevel: 'warning',
});

writeFileSync(join(lib, '.stamp'), new Date().toISOString());
console.log(`copied ${files.length} files and built ECharts ${echarts} into ${lib}`);

// Copies the browser files of the npm dependencies into wwwroot/lib, where the layout links them.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const app = join(dirname(fileURLToPath(import.meta.url)), '../src/Dangjian');
const lib = join(app, 'wwwroot/lib');
const files = [
  ['bootstrap/dist/css/bootstrap.min.css', 'bootstrap/bootstrap.min.css'],
  ['bootstrap/dist/js/bootstrap.bundle.min.js', 'bootstrap/bootstrap.bundle.min.js'],
  ['htmx.org/dist/htmx.min.js', 'htmx/htmx.min.js'],
  ['echarts/dist/echarts.min.js', 'echarts/echarts.min.js'],
];
for (const [from, to] of files) {
  mkdirSync(dirname(join(lib, to)), { recursive: true });
  cpSync(join(app, 'node_modules', from), join(lib, to));
}
writeFileSync(join(lib, '.stamp'), new Date().toISOString());
console.log(`copied ${files.length} files to ${lib}`);

// Writes the character → pinyin table that Platform/Text/Pinyin.cs reads.
// One line per code point from U+4E00 to U+9FFF, in order: the toneless reading, or empty.
// Data: the pinyin-pro package (MIT licence), its most common reading of each character.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const app = join(dirname(fileURLToPath(import.meta.url)), '../src/Dangjian');
// The package lives in the app's node_modules, not beside this script.
const { pinyin } = createRequire(join(app, 'package.json'))('pinyin-pro');
const lines = [];
for (let code = 0x4E00; code <= 0x9FFF; code++) {
  const ch = String.fromCodePoint(code);
  const reading = pinyin(ch, { toneType: 'none', type: 'string', v: true });
  lines.push(/^[a-z]+$/.test(reading) ? reading : '');
}
const target = join(app, 'Platform/Text/pinyin-table.txt');
writeFileSync(target, lines.join('\n') + '\n');
console.log(`wrote ${lines.length} lines to ${target}`);

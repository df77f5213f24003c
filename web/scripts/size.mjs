// Prints the first screen's JavaScript, compressed: the entry chunk of
// dist/index.html, the chunks index.html preloads (<link rel="modulepreload">:
// the app's start-up steps and the landing screens, vite.config.ts), the
// catalog home's route chunk (CatalogHome-*.js) and every chunk they import
// statically, each gzipped (level 9) and summed.
// Fails (exit 1) above the budget of 170 KB. Usage: node scripts/size.mjs [dist]
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET = 170 * 1024;
const dist = process.argv[2] ?? new URL('../dist', import.meta.url).pathname;
const assets = join(dist, 'assets');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = /<script type="module"[^>]*src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
const home = readdirSync(assets).find((f) => /^CatalogHome-[\w-]+\.js$/.test(f));
if (!entry || !home) {
  console.error('size: no entry or CatalogHome chunk in', dist);
  process.exit(1);
}

const preloaded = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);

const seen = new Set();
const visit = (file) => {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(join(assets, file), 'utf8');
  // static imports only: import{…}from"./x.js" and import"./x.js"
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([\w.-]+\.js)["']/g)) visit(m[1]);
};
visit(entry);
preloaded.forEach(visit);
visit(home);

let total = 0;
const rows = [...seen].map((f) => {
  const buf = readFileSync(join(assets, f));
  const gz = gzipSync(buf, { level: 9 }).length;
  total += gz;
  return [f, buf.length, gz];
});
rows.sort((a, b) => b[2] - a[2]);
for (const [f, raw, gz] of rows) console.log(`${(gz / 1024).toFixed(1).padStart(7)} KB gz ${(raw / 1024).toFixed(1).padStart(7)} KB  ${f}`);
console.log(`first screen JS: ${(total / 1024).toFixed(1)} KB gzip (budget ${BUDGET / 1024} KB) in ${rows.length} files`);
if (total > BUDGET) process.exit(1);

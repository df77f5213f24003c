// Lighthouse 12, mobile form factor, the median of three runs per page, as
// the budget in the README is defined:
//
//   node scripts/lighthouse.mjs [--runs 3] [--out DIR] URL...
//
// Runs Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) headless
// with the flags the e2e tests use, one run at a time, pages interleaved (a
// change of the machine's load then touches every page alike). Prints each
// run and then the median per page; the reports stay in DIR as JSON.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
let runs = 3;
let out = '/tmp/lighthouse';
const urls = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--out') out = args[++i];
  else urls.push(args[i]);
}
if (urls.length === 0 || !(runs > 0)) {
  console.error('usage: node scripts/lighthouse.mjs [--runs 3] [--out DIR] URL...');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const chromeFlags = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
].join(' ');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = new Map(urls.map((u) => [u, []]));

for (let run = 1; run <= runs; run++) {
  for (const [i, url] of urls.entries()) {
    const file = join(out, `page${i + 1}-run${run}.json`);
    const load = loadavg()[0].toFixed(2);
    // Lighthouse now and then fails to record the trace (NO_NAVSTART):
    // that run is taken again, up to twice.
    for (let attempt = 1; ; attempt++) {
      try {
        execFileSync(
          'npx',
          [
            '-y',
            'lighthouse@12',
            url,
            '--form-factor=mobile',
            '--only-categories=performance,accessibility,best-practices',
            '--output=json',
            `--output-path=${file}`,
            '--quiet',
            `--chrome-flags=${chromeFlags}`,
          ],
          { stdio: ['ignore', 'ignore', 'inherit'], env: { CHROME_PATH: '/usr/bin/chromium', ...process.env } },
        );
        break;
      } catch (err) {
        if (attempt === 3) throw err;
        console.error(`${url} run ${run}: Lighthouse failed (${err.message.split('\n')[0]}), again`);
      }
    }
    const lhr = JSON.parse(readFileSync(file, 'utf8'));
    const score = (c) => Math.round(lhr.categories[c].score * 100);
    const ms = (a) => Math.round(lhr.audits[a].numericValue);
    const r = {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      fcp: ms('first-contentful-paint'),
      lcp: ms('largest-contentful-paint'),
      tbt: ms('total-blocking-time'),
      si: ms('speed-index'),
      cls: lhr.audits['cumulative-layout-shift'].numericValue.toFixed(3),
    };
    results.get(url).push(r);
    console.log(
      `${url} run ${run}: perf ${r.performance} a11y ${r.accessibility} bp ${r.bestPractices} ` +
        `FCP ${r.fcp} LCP ${r.lcp} TBT ${r.tbt} SI ${r.si} CLS ${r.cls} (load ${load} on ${cpus().length} cores)`,
    );
  }
}
for (const [url, rs] of results) {
  const m = (k) => median(rs.map((r) => Number(r[k])));
  console.log(
    `median ${url}: perf ${m('performance')} a11y ${m('accessibility')} bp ${m('bestPractices')} ` +
      `FCP ${m('fcp')} LCP ${m('lcp')} TBT ${m('tbt')} SI ${m('si')} CLS ${m('cls')}`,
  );
}

// `npm run audit:web [-- --desktop] [--runs N] [--json FILE] [--report FILE]`: Lighthouse on the
// built app, as a phone on a slow network sees it (Lighthouse's mobile defaults), served by
// `vite preview` (gzip, as static hosts do). Prints the four category scores, LCP, total blocking
// time and the bytes a first visit transfers. A benchmark, not a test: Lighthouse scales the CPU
// time it observes, so a loaded machine scores lower; with --runs N it prints every run and the
// run of median performance (as Lighthouse's own docs advise for variance).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import type { Result } from 'lighthouse';
import { preview } from 'vite';
import { chromiumLaunchOptions } from './testing/chromium';

const USAGE = 'usage: npm run audit:web [-- --desktop] [--runs N] [--json FILE] [--report FILE]';

function options() {
  try {
    const { values } = parseArgs({
      options: {
        desktop: { type: 'boolean', default: false },
        runs: { type: 'string', default: '1' },
        json: { type: 'string' },
        // Lighthouse's whole report (JSON): where the bytes and the main thread's time go.
        report: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return values;
  } catch (error) {
    console.error(`audit:web: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

type Summary = ReturnType<typeof summarise>;

function summarise(lhr: Result, url: string, formFactor: 'desktop' | 'mobile') {
  const { categories, audits } = lhr;
  const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
  return {
    url,
    formFactor,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    lcpSeconds: (audits['largest-contentful-paint'].numericValue ?? NaN) / 1000,
    totalBlockingTimeMs: audits['total-blocking-time'].numericValue ?? NaN,
    firstVisitBytes: audits['total-byte-weight'].numericValue ?? NaN,
  };
}

function describe(summary: Summary, which: string): string {
  return [
    `Lighthouse (${summary.formFactor}${which ? `, ${which}` : ''}) on ${summary.url}`,
    `  performance ${summary.performance}   accessibility ${summary.accessibility}   ` +
      `best practices ${summary.bestPractices}   SEO ${summary.seo}`,
    `  LCP ${summary.lcpSeconds.toFixed(2)} s   total blocking time ` +
      `${Math.round(summary.totalBlockingTimeMs)} ms   first visit ` +
      `${(summary.firstVisitBytes / 1e6).toFixed(2)} MB transferred`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = options();
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const runCount = Number(args.runs);
  if (!Number.isInteger(runCount) || runCount < 1 || runCount > 20) {
    console.error(`audit:web: --runs ${args.runs} is not a whole number from 1 to 20\n${USAGE}`);
    process.exit(2);
  }
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);

  const server = await preview({ preview: { port: 0, host: 'localhost' }, logLevel: 'error' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not say where it listens');
  try {
    const runs: { summary: Summary; lhr: Result }[] = [];
    // A run whose trace Lighthouse could not read (NO_NAVSTART and the like) is run again.
    for (let attempt = 1; runs.length < runCount; attempt++) {
      if (attempt > 2 * runCount) throw new Error('Lighthouse failed on too many runs');
      const lhr = await lighthouseRun(url, args.desktop);
      if (lhr.runtimeError) {
        console.log(`Lighthouse failed (${lhr.runtimeError.code}); running it again`);
        continue;
      }
      const summary = summarise(lhr, url, args.desktop ? 'desktop' : 'mobile');
      runs.push({ summary, lhr });
      console.log(describe(summary, runCount > 1 ? `run ${runs.length} of ${runCount}` : ''));
    }
    const median = [...runs].sort((p, q) => p.summary.performance - q.summary.performance)[
      Math.floor(runs.length / 2)
    ];
    if (runCount > 1) console.log(describe(median.summary, 'median run'));
    if (args.report) writeFileSync(args.report, JSON.stringify(median.lhr, null, 2));
    if (args.json) writeFileSync(args.json, `${JSON.stringify(median.summary, null, 2)}\n`);
  } finally {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

/** One Lighthouse run in a fresh headless Chromium (a first visit: no cache, no storage). */
async function lighthouseRun(url: string, desktop: boolean): Promise<Result> {
  const launch = chromiumLaunchOptions();
  const chrome = await chromeLauncher.launch({
    chromePath: launch.executablePath,
    // Chromium refuses to sandbox itself as root (Playwright adds the same flag there).
    chromeFlags: [
      '--headless=new',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ...(launch.args ?? []),
    ],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      ...(desktop ? { formFactor: 'desktop', screenEmulation: { disabled: true } } : {}),
    });
    if (!result) throw new Error('Lighthouse returned no result');
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

main().catch((error: unknown) => {
  console.error(`audit:web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import { chromium } from 'playwright';
const url = process.argv[2] ?? 'http://localhost:4173/';
const out = process.argv[3] ?? '/tmp/shots/a.png';
const w = Number(process.argv[4] ?? 1280), h = Number(process.argv[5] ?? 800);
const steps = Number(process.argv[6] ?? 0);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'] });
const page = await browser.newPage({ viewport: { width: w, height: h } });
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(url);
await page.waitForTimeout(1500);
await page.waitForFunction(() => window.resqunnLab && window.resqunnLab.state() === 'paused', null, { timeout: 60000 }).catch((e) => console.log('wait', e.message));
if (steps > 0) {
  const t0 = Date.now();
  await page.evaluate((n) => window.resqunnLab.step(n), steps);
  console.log('steps took', Date.now() - t0);
}
await page.waitForTimeout(1200);
console.log('state', await page.evaluate(() => window.resqunnLab.state()), 'backend', await page.evaluate(() => window.resqunnLab.backend()));
await page.screenshot({ path: out });
await browser.close();

import { chromium } from 'playwright';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(process.argv[2]);
const t0 = Date.now();
await page.waitForFunction(() => window.resqunnLab && window.resqunnLab.state() === 'paused', null, { timeout: 120000 });
console.log('ready after', Date.now() - t0, await page.evaluate(() => window.resqunnLab.backend()));
for (let i = 0; i < 3; i++) {
  const t = Date.now();
  const r = await page.evaluate(() => window.resqunnLab.step(1));
  console.log('step', Date.now() - t, r.steps.map((s) => Math.round(s.millis)).join(','));
}
await browser.close();

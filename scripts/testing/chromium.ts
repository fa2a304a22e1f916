import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/**
 * Playwright cannot download its own browser on our machines, so it drives Debian's Chromium
 * (or the one named by CHROMIUM_PATH). On an ordinary machine with Playwright's browser installed
 * and no system Chromium, executablePath stays undefined and Playwright uses its own.
 */
function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export function chromiumLaunchOptions(): LaunchOptions {
  return {
    executablePath: chromiumExecutable(),
    args: [
      // WebGPU on Linux is behind this flag; headless it runs on SwiftShader (the CPU).
      '--enable-unsafe-webgpu',
      '--enable-features=Vulkan',
      '--use-angle=swiftshader',
      // Composite pages with Chromium's CPU compositor, as it does on machines without a usable
      // GPU, instead of through SwiftShader's emulated GL: that emulation, sharing two cores with
      // the training worker, delayed the frame after a click by 40–440 ms (16 ms without it).
      // WebGPU and WebGL still run on SwiftShader.
      '--disable-gpu-compositing',
      // Our machines have no network: stop Chromium's background connections.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  };
}

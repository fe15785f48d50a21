import { defineConfig } from '@playwright/test';

/*
 * End-to-end tests drive the real renderer and core through the loopback web host (globalSetup starts it) in Debian's
 * Chromium; Playwright's own browser downloads are never used. Needs `npm run build` first.
 */
export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  globalSetup: './globalSetup.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  // One web host, one library: specs run one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env['CI'],
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // A loaded CI machine must not lead Chromium to treat the page as backgrounded and throttle its frames.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-renderer-backgrounding',
        '--disable-backgrounding-occluded-windows',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});

// Debian's Chromium for the real-browser tests, driven by playwright-core (no browser
// download). CI installs it (.ci/run); without it the tests skip locally and fail under CI.
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.SADDLE_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium)`);

/** A headless Chromium with the network features a test does not need turned off. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

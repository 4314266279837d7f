// Smoke test of the kiosk screen in a real browser (docs/SCREEN.md, "Browser check").
//
//   node screen_smoke.mjs URL [--screenshot FILE] [--viewport 1080x1920]
//
// URL is a kiosk screen in simulator mode that shows the idle state, e.g.
// chainslipd started on the simulator: http://127.0.0.1:8080/. The check:
// the page connects, shows the idle instruction, and a tap on the first
// simulated "present" button posts the action, which the server accepts (202)
// and answers with a new state. Uses Debian's chromium (CHROMIUM overrides
// /usr/bin/chromium), headless.
import { chromium } from 'playwright-core';

const IDLE_ZH = '请将电子票据二维码对准扫描口';
const IDLE_EN = 'Hold the e-receipt QR code to the scanner';
const WAIT_MS = 15000;

function parseArgs(argv) {
  const args = { url: null, screenshot: null, width: 1080, height: 1920 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--screenshot') args.screenshot = argv[++i];
    else if (a === '--viewport') [args.width, args.height] = argv[++i].split('x').map(Number);
    else if (!args.url && !a.startsWith('--')) args.url = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.url) throw new Error('usage: node screen_smoke.mjs URL [--screenshot FILE] [--viewport WxH]');
  if (!(args.width > 0 && args.height > 0)) throw new Error('--viewport takes WIDTHxHEIGHT, e.g. 1080x1920');
  return args;
}

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push(true);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push(false);
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
    throw e;
  }
}

const args = parseArgs(process.argv.slice(2));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true });
try {
  const page = await browser.newPage({ viewport: { width: args.width, height: args.height } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await check('the page loads and connects to the event stream', async () => {
    await page.goto(args.url);
    await page.locator('[data-testid="app"][data-connected="true"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    if (await page.getByTestId('connection-banner').isVisible()) throw new Error('the connection banner is shown');
  });

  await check('the idle state shows the scan instruction', async () => {
    await page.locator('[data-testid="app"][data-state="idle"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    const zh = (await page.getByTestId('title-zh').textContent()).trim();
    const en = (await page.getByTestId('title-en').textContent()).trim();
    if (zh !== IDLE_ZH || en !== IDLE_EN) throw new Error(`title is "${zh}" / "${en}"`);
  });

  if (args.screenshot) await page.screenshot({ path: args.screenshot });

  await check('a simulated "present" reaches the kiosk, which leaves idle', async () => {
    const present = page.getByTestId('present-0');
    await present.waitFor({ timeout: WAIT_MS });
    const payload = await present.getAttribute('data-payload');
    const answered = page.waitForResponse(
        (r) => r.url().endsWith('/actions') && r.request().method() === 'POST', { timeout: WAIT_MS });
    await present.click();
    const response = await answered;
    const sent = JSON.parse(response.request().postData());
    if (sent.action !== 'present' || sent.payload !== payload) throw new Error(`posted ${JSON.stringify(sent)}`);
    if (response.status() !== 202) throw new Error(`POST /actions answered ${response.status()}: ${await response.text()}`);
    await page.locator('[data-testid="app"]:not([data-state="idle"])').waitFor({ state: 'attached', timeout: WAIT_MS });
  });

  await check('no script errors on the page', async () => {
    if (pageErrors.length) throw new Error(pageErrors.join('; '));
  });
} catch (e) {
  // already reported by check(); anything else is a setup failure
  if (!results.includes(false)) console.log(`FAIL setup: ${e.message}`);
  if (!results.includes(false)) results.push(false);
} finally {
  await browser.close();
}
const failed = results.filter((r) => !r).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

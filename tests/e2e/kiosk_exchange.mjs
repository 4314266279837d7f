// End to end in a real browser (docs/SCREEN.md, "End-to-end test"): starts the
// whole kiosk on the simulator with scripts/run-kiosk.sh (chain node, virtual
// printer, virtual serial scanner and its panel, chainslipd; any free ports, a
// fresh run directory), then in headless Chromium, the kiosk's screen in one
// page and the simulator's panel in another: present a code on the panel (the
// kiosk reads it from its serial scanner) -> the verified receipt with the payer
// masked -> 退费换开 -> the confirm step (amount, purpose, 每张票据只能换开一次)
// -> the paper runs out mid-print (its own screen, a staff call) and is
// loaded -> done, with the paper on the panel and the ticket on disk for this
// receipt; the same code again shows 已换开 with no exchange offered; the node
// lies (tampered_receipt) and the next code is refused in Chinese and English,
// with nothing printed; the node goes down: its own screen, a countdown back
// to a start screen that says 暂停换开服务, and a cached receipt still
// verified. Stops the kiosk and checks no process of the run is left.
//
//   node kiosk_exchange.mjs --source-dir DIR --build-dir DIR [--screenshot-dir DIR] [--keep]
//
// --build-dir holds the built chainslipd and chainslip-sim (e.g. build/ci).
// Uses Debian's chromium (CHROMIUM overrides /usr/bin/chromium), headless.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const WAIT_MS = 15000;
const START_MS = 30000;
const REJECTED_ZH = '这张票据未能通过核验，暂不能使用。请到人工窗口咨询。';
const REJECTED_EN = 'This receipt could not be verified and cannot be used here. Please ask at the service desk.';
const PAPER_OUT_ZH = '打印机缺纸，请稍候；如需帮助请联系工作人员。';
const ONCE_ZH = '每张票据只能换开一次';
// A result screen returns to the start by itself after 15 s (KioskMachineOptions::result_display).
const RESULT_DISPLAY_MS = 15000;

function parseArgs(argv) {
  const args = { sourceDir: null, buildDir: null, screenshotDir: null, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--source-dir') args.sourceDir = path.resolve(argv[++i]);
    else if (a === '--build-dir') args.buildDir = path.resolve(argv[++i]);
    else if (a === '--screenshot-dir') args.screenshotDir = path.resolve(argv[++i]);
    else if (a === '--keep') args.keep = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.sourceDir || !args.buildDir) {
    throw new Error('usage: node kiosk_exchange.mjs --source-dir DIR --build-dir DIR [--screenshot-dir DIR] [--keep]');
  }
  return args;
}

// Starts run-kiosk.sh and resolves with the addresses it prints once all
// three processes are up.
function startKiosk(args, runDir) {
  const child = spawn('bash', [path.join(args.sourceDir, 'scripts/run-kiosk.sh'), '--build-dir', args.buildDir,
    '--run-dir', runDir, '--port', '0', '--node-port', '0', '--printer-port', '0'],
  { cwd: args.sourceDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`run-kiosk.sh did not start in ${START_MS} ms:\n${output}`)),
      START_MS);
    const collect = (chunk) => {
      output += chunk;
      if (!output.includes('Ctrl-C stops all four.')) return;
      clearTimeout(timer);
      const screen = output.match(/^ {4}kiosk screen +(http:\/\/127\.0\.0\.1:\d+\/)$/m);
      const panel = output.match(/^ {4}simulator panel +(http:\/\/127\.0\.0\.1:\d+\/)$/m);
      const node = output.match(/chain node +(http:\/\/[\d.:]+) \(control API (http:\/\/[\d.:]+)\)/);
      if (!screen || !panel || !node) reject(new Error(`cannot read the addresses from run-kiosk.sh:\n${output}`));
      else resolve({ screen: screen[1], panel: panel[1], node: node[1], admin: node[2] });
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`run-kiosk.sh exited (${code}):\n${output}`)); });
  });
  return { child, started, exited, output: () => output };
}

// The pids of processes whose command line names the run directory.
function processesOf(runDir) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(runDir)) found.push(pid);
    } catch { /* gone meanwhile */ }
  }
  return found;
}

async function json(url, init) {
  const r = await fetch(url, init);
  if (!r.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${r.status} ${await r.text()}`);
  return r.json();
}

const results = [];
async function check(name, fn) {
  const start = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`ok   ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    results.push(false);
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
    throw e;
  }
}

const args = parseArgs(process.argv.slice(2));
const t0 = Date.now();
const runDir = mkdtempSync(path.join(tmpdir(), 'chainslip-e2e-'));
const kiosk = startKiosk(args, runDir);
let browser = null;
try {
  const urls = await kiosk.started;
  console.log(`kiosk up in ${Date.now() - t0} ms: screen ${urls.screen}, run directory ${runDir}`);
  // As the kiosk's display starts it (firmware/screen/display): prompts play without a tap first.
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--autoplay-policy=no-user-gesture-required'] });
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Each state the screen entered, and each voice prompt that began to play (voice.js sets data-voice).
  await page.addInitScript(() => {
    window.chainslipSeen = { states: [], voiced: [] };
    document.addEventListener('DOMContentLoaded', () => {
      const app = document.getElementById('app');
      const note = (list, value) => { if (value && list[list.length - 1] !== value) list.push(value); };
      new MutationObserver(() => {
        note(window.chainslipSeen.states, app.dataset.state);
        note(window.chainslipSeen.voiced, app.dataset.voice);
      }).observe(app, { attributes: true, attributeFilter: ['data-state', 'data-voice'] });
    });
  });
  const voiceFetched = new Set();
  page.on('response', (r) => {
    const m = /\/voice\/([a-z_]+)\.wav$/.exec(new URL(r.url()).pathname);
    if (m && (r.status() === 200 || r.status() === 206)) voiceFetched.add(m[1]);  // media asks for byte ranges
  });
  const app = page.getByTestId('app');
  const waitState = (state) =>
    page.locator(`[data-testid="app"][data-state="${state}"]`).waitFor({ state: 'attached', timeout: WAIT_MS });
  // The virtual printer writes a ticket's PNG after the kiosk has sent its cut, so the file can trail
  // the screen's "done" by a moment: wait for it, up to the usual deadline.
  const ticketsOnDisk = async (want) => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = readdirSync(path.join(runDir, 'paper')).filter((f) => /^ticket-\d{4}\.png$/.test(f)).sort();
      if (found.length >= want || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const text = async (id) => (await page.getByTestId(id).textContent()).trim();
  const visible = async (id) => page.getByTestId(id).isVisible();
  // The virtual printer takes faults typed on its stdin, a FIFO in the run directory (run-kiosk.sh).
  const printerFault = (fault) => appendFileSync(path.join(runDir, 'printer-faults'), fault + '\n');
  // The state as it is, at both kiosk sizes: portrait (the test's own) and landscape, then back.
  const shoot = async (name) => {
    if (!args.screenshotDir) return;
    await page.screenshot({ path: path.join(args.screenshotDir, `kiosk-${name}-1080x1920.png`) });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: path.join(args.screenshotDir, `kiosk-${name}-1920x1080.png`) });
    await page.setViewportSize({ width: 1080, height: 1920 });
  };

  // The simulator's panel: the maintainer's hand that holds codes to the virtual scanner.
  const panel = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  panel.on('pageerror', (e) => pageErrors.push('panel: ' + e.message));

  await check('the screen connects and is idle, with nothing of the simulator on it', async () => {
    await page.goto(urls.screen);
    await page.locator('[data-testid="app"][data-connected="true"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    await waitState('idle');
    await shoot('idle');
    const simulated = await page.evaluate(() => document.documentElement.outerHTML.match(/模拟器|Simulator|present-0/));
    if (simulated) throw new Error(`the kiosk screen carries the simulator's "${simulated[0]}"`);
    await panel.goto(urls.panel);
    await panel.getByTestId('present-0').waitFor({ timeout: WAIT_MS });
  });

  let payload;
  let receipt;
  await check('presenting a code shows the verified receipt with the payer masked', async () => {
    const present = panel.getByTestId('present-0');
    payload = await present.getAttribute('data-payload');
    // The simulator mints the national platform's short form: d=CODE_NUMBER_CHECK_AMOUNT_DATE.
    const url = new URL(payload);
    if (url.hostname !== 'www.chinaebill.cn') throw new Error(`present-0 is not a platform URL: ${payload}`);
    const [code, number, checkCode, amount] = (url.searchParams.get('d') || '').split('_');
    receipt = (await json(`${urls.node}/v1/receipts/${code}/${number}?check_code=${checkCode}`)).receipt;
    if (!receipt?.payer?.name) throw new Error(`the node's bundle for ${payload} has no receipt.payer.name`);
    if (receipt.amount !== amount) throw new Error(`the code says ${amount}, the receipt ${receipt.amount}`);
    await present.click();
    await waitState('verified');
    await shoot('verified');
    if ((await text('title-en')) !== 'Receipt verified') throw new Error(`title is "${await text('title-en')}"`);
    if ((await text('receipt-number')) !== number) throw new Error(`shows number ${await text('receipt-number')}`);
    const shown = await text('receipt-payer');
    const full = receipt.payer.name;
    if (shown === full || !shown.includes('*') || [...shown].length !== [...full].length || shown[0] !== full[0]) {
      throw new Error(`payer "${full}" is shown as "${shown}", not masked`);
    }
    // Every item with its unit price (单价), exact as the receipt has it.
    const prices = await page.locator('[data-testid="receipt-items"] tbody td:nth-child(3)').allTextContents();
    if (prices.length !== receipt.items.length) throw new Error(`${prices.length} rows for ${receipt.items.length} items`);
    receipt.items.forEach((item, i) => {
      if (Number(prices[i]) !== Number(item.unit_price)) throw new Error(`row ${i} shows ${prices[i]}, not ${item.unit_price}`);
    });
    if ((await text('receipt-business-serial')) !== receipt.business_serial) throw new Error('业务流水号 not shown');
    if (receipt.medical) {
      const paid = await text('receipt-payments');
      if (!paid.includes('医保统筹基金支付') || !paid.includes(receipt.medical.payments.cash)) {
        throw new Error(`the 医保 breakdown is not shown: "${paid}"`);
      }
    }
  });

  await check('landscape: the receipt card scrolls with a cue while rows are hidden; the status bar names the time', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    const overflow = await page.evaluate(() => {
      const card = document.querySelector('[data-testid="receipt"]');
      return card.scrollHeight - card.clientHeight;
    });
    if (!(overflow > 4)) throw new Error(`the receipt card does not overflow at 1920x1080 (${overflow} px): no cue to check`);
    await page.getByTestId('receipt-more').waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.evaluate(() => {
      const card = document.querySelector('[data-testid="receipt"]');
      card.scrollTop = card.scrollHeight;
      card.dispatchEvent(new Event('scroll'));
    });
    await page.getByTestId('receipt-more').waitFor({ state: 'hidden', timeout: WAIT_MS });
    if (!/^\d{1,2}月\d{1,2}日 \d\d:\d\d$/.test(await text('clock'))) throw new Error(`clock shows "${await text('clock')}"`);
    await page.evaluate(() => { document.querySelector('[data-testid="receipt"]').scrollTop = 0; });
    await page.setViewportSize({ width: 1080, height: 1920 });
  });

  await check('退费换开 asks to confirm with the amount, the purpose and 每张票据只能换开一次', async () => {
    await page.getByTestId('action-confirm_refund').click();
    await waitState('confirming');
    await shoot('confirming');
    if ((await text('confirm-amount')) !== `¥ ${receipt.amount}`) throw new Error(`amount "${await text('confirm-amount')}"`);
    if (!(await text('confirm-purpose')).includes('退费')) throw new Error(`purpose "${await text('confirm-purpose')}"`);
    if (!(await text('confirm')).includes(ONCE_ZH)) throw new Error(`no ${ONCE_ZH}`);
    if (!(await visible('countdown')) || !(Number(await text('countdown-seconds')) > 0)) {
      throw new Error('the confirm step shows no countdown back to the start');
    }
    if (await visible('action-confirm_refund')) throw new Error('the purpose buttons are still offered');
    // 返回 goes back to the receipt; nothing was exchanged.
    await page.getByTestId('action-back').click();
    await waitState('verified');
    await page.getByTestId('action-confirm_refund').click();
    await waitState('confirming');
  });

  await check('the paper runs out mid-print: its own screen and a staff call; loaded, it resumes to done', async () => {
    await page.getByTestId('action-confirm_exchange').click();
    await waitState('printing');
    printerFault('paper-out');
    await waitState('paper_out');
    await shoot('paper-out');
    if ((await text('message-zh')) !== PAPER_OUT_ZH) throw new Error(`message is "${await text('message-zh')}"`);
    await page.getByTestId('action-call_staff').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="message-zh"]').textContent.includes('已通知工作人员'),
      null, { timeout: WAIT_MS });
    if (await visible('action-call_staff')) throw new Error('staff can be called twice');
    printerFault('paper-in');
  });

  let paperSerial;
  await check('the exchange finishes: done, the paper on the simulator\'s panel, the ticket on disk', async () => {
    await waitState('done');
    paperSerial = ((await text('message-zh')).match(/\d{8}-\d{10}/) || [])[0];
    if (!paperSerial) throw new Error(`done names no paper serial: "${await text('message-zh')}"`);
    await shoot('done');
    // The virtual printer's paper, as the panel shows it (reloaded each second).
    await panel.waitForFunction(() => {
      const img = document.querySelector('[data-testid="paper-image"]');
      return img.complete && img.naturalWidth > 0 && !img.hidden;
    }, null, { timeout: 10000 });
    if (args.screenshotDir) await panel.screenshot({ path: path.join(args.screenshotDir, 'simulator-panel-1080x1920.png') });
    const tickets = await ticketsOnDisk(1);
    if (tickets.length !== 1) throw new Error(`expected one ticket on disk, found [${tickets}]`);
    const png = readFileSync(path.join(runDir, 'paper', tickets[0]));
    if (png.subarray(1, 4).toString() !== 'PNG') throw new Error(`${tickets[0]} is not a PNG`);
    const served = await panel.evaluate(async () => (await (await fetch('/paper/latest.png')).arrayBuffer()).byteLength);
    if (served !== png.length) throw new Error(`the panel serves ${served} bytes, ${tickets[0]} has ${png.length}`);
    // The virtual printer keeps the printed text in the PNG (chainslip-text).
    const printed = png.toString('utf8');
    // The paper goes to the patient: the payer in full there (printer.payer_name), masked on the screen.
    const full = receipt.payer.name;
    if (!printed.includes(receipt.number) || !printed.includes(`交款人: ${full}`) ||
        !printed.includes(receipt.business_serial)) {
      throw new Error(`${tickets[0]} does not show receipt ${receipt.number} for ${full}`);
    }
    if (printed.includes('Paper copy of e-receipt')) throw new Error(`${tickets[0]} has English on the official copy`);
  });

  await check('the same code again: 已换开 with its paper number, no exchange offered', async () => {
    await page.getByTestId('action-start_over').click();
    await waitState('idle');
    await panel.getByTestId('present-0').click();
    await waitState('already_exchanged');
    await shoot('already-exchanged');
    const status = await text('receipt-status');
    if (!status.includes('已换开') || !status.includes(paperSerial)) throw new Error(`status is "${status}", not ${paperSerial}`);
    if (!(await text('message-zh')).includes('只能换开一次')) throw new Error(`message is "${await text('message-zh')}"`);
    for (const id of ['action-confirm_refund', 'action-confirm_other', 'action-confirm_exchange']) {
      if (await visible(id)) throw new Error(`${id} is offered for an exchanged receipt`);
    }
    await page.getByTestId('action-cancel').click();
    await waitState('idle');
  });

  await check('a lying node: the next code is refused in Chinese and English, nothing printed', async () => {
    await json(`${urls.admin}/sim/faults`, { method: 'POST', body: '{"mode":"lie","lie":"tampered_receipt"}' });
    const present = panel.getByTestId('present-1');
    if ((await present.getAttribute('data-payload')) === payload) throw new Error('present-1 repeats present-0');
    await present.click();
    await waitState('rejected');
    await shoot('rejected');
    const got = [await text('message-zh'), await text('message-en')];
    if (got[0] !== REJECTED_ZH || got[1] !== REJECTED_EN) throw new Error(`message is "${got[0]}" / "${got[1]}"`);
    if (await app.getAttribute('data-receipt') === 'true') throw new Error('the forged receipt is shown');
    const tickets = readdirSync(path.join(runDir, 'paper')).filter((f) => f.endsWith('.png'));
    if (tickets.length !== 1) throw new Error(`tickets on disk: [${tickets}]`);
  });

  // Real receipts carry either of the national platform's two forms; any other host is refused.
  // The panel holds any text to the scanner.
  const presentText = (text) => panel.evaluate(async (t) => (await fetch('/present', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ payload: t }),
  })).status, text);
  await check('the display-page form of a receipt code is verified and exchanged; a foreign host is refused with its own words', async () => {
    await json(`${urls.admin}/sim/faults`, { method: 'POST', body: '{"mode":"none"}' });
    const short = new URL(await panel.getByTestId('present-2').getAttribute('data-payload'));
    const [code, number, checkCode] = short.searchParams.get('d').split('_');
    const page2 = 'http://www.chinaebill.cn/eips-wxapp-service/H5FinanceDisplay/showInvoice?invoice_code=' + code +
      '&invoice_number=' + number + '&check_code=' + checkCode + '&app_id=CSSIMAPP01&security=0A1B2C3D4E5F';
    if ((await presentText(page2)) >= 300) throw new Error('the panel refused to present the display-page code');
    await waitState('verified');
    if ((await text('receipt-number')) !== number) throw new Error(`shows number ${await text('receipt-number')}`);
    await page.getByTestId('action-confirm_refund').click();
    await waitState('confirming');
    await page.getByTestId('action-confirm_exchange').click();
    await waitState('done');
    const tickets = await ticketsOnDisk(2);
    if (tickets.length !== 2) throw new Error(`expected a second ticket on disk, found [${tickets}]`);
    await page.getByTestId('action-start_over').click();
    await waitState('idle');
    const foreign = short.href.replace('www.chinaebill.cn', 'www.chinaebill.cn.example.com');
    if ((await presentText(foreign)) >= 300) throw new Error('the panel refused to present the foreign code');
    await waitState('rejected');
    if (!(await text('message-zh')).includes('不支持的查验平台')) throw new Error(`message is "${await text('message-zh')}"`);
  });

  await check('the node is down: its own screen, a countdown back to a start screen that pauses exchanges', async () => {
    await page.getByTestId('action-start_over').click();
    await waitState('idle');
    await json(`${urls.admin}/sim/faults`, { method: 'POST', body: '{"mode":"down"}' });
    await panel.getByTestId('present-3').click();
    await waitState('network_down');
    await shoot('network-down');
    if ((await text('title-zh')) !== '网络暂不可用') throw new Error(`title is "${await text('title-zh')}"`);
    if ((await text('message-zh')).includes('未能通过核验')) throw new Error('a network failure is told as a forgery');
    if (!(await visible('countdown'))) throw new Error('no countdown on a screen that returns to the start');
    const seconds = Number(await text('countdown-seconds'));
    if (!(seconds > 0 && seconds <= RESULT_DISPLAY_MS / 1000)) throw new Error(`countdown shows ${seconds}`);
    const shown = Date.now();
    await page.locator('[data-testid="app"][data-state="idle_paused"]')
      .waitFor({ state: 'attached', timeout: RESULT_DISPLAY_MS + WAIT_MS });
    if (Date.now() - shown < (seconds - 2) * 1000) throw new Error(`back at the start after ${Date.now() - shown} ms`);
    await shoot('idle-paused');
    if ((await text('title-zh')) !== '暂停换开服务') throw new Error(`idle title is "${await text('title-zh')}"`);
    if (!(await text('message-zh')).includes('仍可扫描')) throw new Error(`idle message is "${await text('message-zh')}"`);
  });

  await check('with the node down, a cached receipt is still verified, offline, with no exchange offered', async () => {
    await panel.getByTestId('present-0').click();
    await waitState('verified');
    await shoot('verified-offline');
    if (!(await visible('receipt-from-cache'))) throw new Error('not shown as from the kiosk\'s records');
    if (!(await text('message-zh')).includes('网络暂不可用')) throw new Error(`message is "${await text('message-zh')}"`);
    if (await visible('action-confirm_refund')) throw new Error('an exchange is offered offline');
    await json(`${urls.admin}/sim/faults`, { method: 'POST', body: '{"mode":"none"}' });
  });

  await check('a printer that is not heard: staff read why under the buttons, and it goes when the printer is back', async () => {
    printerFault('unplug');
    const staff = page.locator('[data-testid="staff-fault"]:not([hidden])');
    await staff.waitFor({ state: 'visible', timeout: WAIT_MS });
    const fault = await page.getByTestId('staff-fault').getAttribute('data-fault');
    if (!['link_lost', 'unreachable', 'no_answer'].includes(fault)) throw new Error(`the staff line names fault "${fault}"`);
    if (!(await text('staff-fault-detail')).includes('printer tcp 127.0.0.1:')) {
      throw new Error(`the staff line says "${await text('staff-fault-detail')}"`);
    }
    printerFault('replug');
    await page.locator('[data-testid="staff-fault"][hidden]').waitFor({ state: 'attached', timeout: WAIT_MS });
  });

  await check('each state the screen entered had its Mandarin voice prompt, and the ones it stayed in played', async () => {
    const seen = await page.evaluate(() => window.chainslipSeen);
    const states = [...new Set(seen.states)].filter((s) => s !== 'starting');
    const unfetched = states.filter((s) => !voiceFetched.has(s));
    if (unfetched.length) throw new Error(`no prompt fetched for [${unfetched}] (fetched [${[...voiceFetched]}])`);
    // A state left within a moment (looking_up) may be cut off before its prompt starts; these are not.
    const unplayed = ['idle', 'verified', 'done', 'rejected'].filter((s) => !seen.voiced.includes(s));
    if (unplayed.length) throw new Error(`no prompt played in [${unplayed}] (played [${seen.voiced}])`);
  });

  await check('no script errors on the page', async () => {
    if (pageErrors.length) throw new Error(pageErrors.join('; '));
  });
} catch (e) {
  // already reported by check(); anything else is a setup failure
  if (!results.includes(false)) {
    console.log(`FAIL setup: ${e.message}`);
    results.push(false);
  }
} finally {
  if (browser) await browser.close();
  kiosk.child.kill('SIGTERM');
  const timer = setTimeout(() => kiosk.child.kill('SIGKILL'), WAIT_MS);
  const { code } = await kiosk.exited;
  clearTimeout(timer);
  const left = processesOf(runDir);
  if (code !== 0 || left.length) {
    console.log(`FAIL stopping: run-kiosk.sh exited ${code}, processes left: [${left}]`);
    results.push(false);
    for (const pid of left) process.kill(Number(pid), 'SIGKILL');
  }
  if (results.includes(false)) {
    console.log(`--- run-kiosk.sh output:\n${kiosk.output()}`);
    for (const log of ['node', 'printer', 'scanner', 'chainslipd']) {
      try {
        console.log(`--- ${log}.log (end):\n${readFileSync(path.join(runDir, 'logs', `${log}.log`), 'utf8').slice(-3000)}`);
      } catch { /* not started */ }
    }
  }
  if (!args.keep) rmSync(runDir, { recursive: true, force: true });
}
const failed = results.filter((r) => !r).length;
console.log(`${results.length - failed} passed, ${failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);

// Which font the kiosk screen really draws its Chinese with (docs/SCREEN.md, "Fonts").
//
//   node screen_font.mjs --assets DIR
//
// style.css asks for Noto Sans CJK SC first, but a machine without
// fonts-noto-cjk silently falls back to whatever fontconfig has (GNU Unifont's
// bitmaps, on our build machines). The page's own assets are served as they
// are and Chromium is asked, through the DevTools protocol, which platform
// fonts drew the glyphs of each Chinese text node: every one must be Noto Sans
// CJK, at both kiosk sizes, in the regular and the bold weight the screen uses.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const WANT = /^Noto Sans CJK SC/;
// Chinese text the page shows before it connects: the brand (bold), the
// device labels, and the connection banner.
const SELECTORS = ['#status-bar .brand .zh', '#device-printer .zh', '#connection-banner .zh'];
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };

function parseArgs(argv) {
  const args = { assets: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--assets') args.assets = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!args.assets) throw new Error('usage: node screen_font.mjs --assets DIR');
  return args;
}

// The screen's static files, nothing else: the page's live channel is
// answered 404 and the page stays on its "connecting" banner, which is fine
// for this test.
function serve(dir) {
  const server = createServer(async (req, res) => {
    const name = new URL(req.url, 'http://x').pathname === '/' ? 'index.html' : path.basename(req.url);
    try {
      const body = await readFile(path.join(dir, name));
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(name)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const args = parseArgs(process.argv.slice(2));
const server = await serve(args.assets);
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true });
let failed = 0;
try {
  for (const [width, height] of [[1080, 1920], [1920, 1080]]) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(url);
    await page.evaluate(() => document.fonts.ready);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    for (const selector of SELECTORS) {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      if (!nodeId) throw new Error(`${selector} is not on the page`);
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      const drawn = fonts.map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(', ');
      const ok = fonts.length > 0 && fonts.every((f) => WANT.test(f.familyName));
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${width}x${height} ${selector}: ${drawn || 'no font reported'}`);
      if (!ok) failed++;
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (failed) {
  console.log(`${failed} text node(s) not drawn in Noto Sans CJK SC: is fonts-noto-cjk installed (scripts/install-deps.sh)?`);
  process.exit(1);
}

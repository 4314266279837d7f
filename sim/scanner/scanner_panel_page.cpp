#include "sim/scanner/scanner_panel_page.h"

namespace chainslip::sim {

// Text from outside (codes, errors) is set as textContent, never as markup.
std::string_view scanner_panel_page() {
  static constexpr std::string_view kPage = R"html(<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>模拟器 / Simulator: scanner and printer</title>
<style>
  body { margin: 0; font-family: "Noto Sans CJK SC", sans-serif; background: #2b3540; color: #fff; font-size: 18px; }
  main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 24px; padding: 24px; }
  @media (orientation: portrait) { main { grid-template-columns: minmax(0, 1fr); } }
  h1 { margin: 0 0 8px; font-size: 26px; grid-column: 1 / -1; }
  h2 { margin: 0 0 12px; font-size: 20px; }
  .en { color: #b8c4cf; margin-left: 0.5em; }
  a { color: #9fd0ff; }
  #codes { display: flex; flex-direction: column; gap: 10px; }
  button { font: inherit; cursor: pointer; border: none; border-radius: 8px; }
  button.present { padding: 10px 14px; text-align: left; background: #f6c344; color: #1f1a08; min-height: 64px; }
  .present-label { display: block; font-weight: 700; }
  .present-payload { display: block; font-family: monospace; font-size: 13px; overflow-wrap: anywhere; }
  form { display: flex; gap: 8px; margin-top: 16px; }
  input { flex: 1; font: inherit; font-family: monospace; font-size: 14px; padding: 8px; }
  #status { min-height: 1.5em; color: #ffe28a; }
  #paper-image { max-width: 100%; background: #fff; border-radius: 6px; }
</style>
</head>
<body>
<main>
  <h1>模拟器<span class="en">Simulator</span> <a id="kiosk-link" data-testid="kiosk-link" hidden>打开自助机屏幕 / Open the kiosk screen</a></h1>
  <section>
    <h2>扫码枪<span class="en">Scanner: hold a code to it</span></h2>
    <div id="codes" data-testid="codes"></div>
    <form id="free" data-testid="present-form">
      <input id="free-text" data-testid="present-text" placeholder="任意文本 / any text" maxlength="1024">
      <button type="submit" class="present" data-testid="present-send">出示 / Present</button>
    </form>
    <p id="status" data-testid="present-status" role="status"></p>
  </section>
  <section>
    <h2>最新纸质票据<span class="en">Latest paper</span></h2>
    <img id="paper-image" data-testid="paper-image" alt="最新打印的纸质票据 / The latest printed paper" hidden>
    <p id="paper-none" data-testid="paper-none">尚未打印<span class="en">Nothing printed yet</span></p>
  </section>
</main>
<script>
'use strict';
(() => {
  const PAPER_RELOAD_MS = 1000;
  const CODES_RELOAD_MS = 2000;
  const $ = (id) => document.getElementById(id);
  let shownCodes = null;
  let paperVersion = 0;

  async function present(payload) {
    $('status').textContent = '';
    try {
      const res = await fetch('/present', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ payload }) });
      const body = await res.json();
      $('status').textContent = res.ok ? '已出示 / Presented' : '未能出示 / Not presented: ' + body.error;
    } catch (err) {
      $('status').textContent = '模拟器未响应 / The simulator does not answer';
    }
  }

  function renderCodes(codes) {
    const key = JSON.stringify(codes);
    if (key === shownCodes) return;  // keep the buttons (and a finger on one) stable
    shownCodes = key;
    const list = $('codes');
    list.replaceChildren();
    codes.forEach((payload, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'present';
      button.dataset.testid = 'present-' + i;
      button.dataset.payload = payload;
      const label = document.createElement('span');
      label.className = 'present-label';
      label.textContent = '出示 / Present';
      const detail = document.createElement('span');
      detail.className = 'present-payload';
      detail.textContent = payload;
      button.append(label, detail);
      button.addEventListener('click', () => present(payload));
      list.appendChild(button);
    });
  }

  async function loadCodes() {
    try {
      const body = await (await fetch('/codes')).json();
      renderCodes(Array.isArray(body.codes) ? body.codes.filter((c) => typeof c === 'string') : []);
      if (typeof body.kiosk === 'string' && body.kiosk !== '') {
        $('kiosk-link').href = body.kiosk;
        $('kiosk-link').hidden = false;
      }
    } catch (err) {
      // the next reload tries again
    }
  }

  const paper = $('paper-image');
  paper.addEventListener('load', () => { paper.hidden = false; $('paper-none').hidden = true; });
  paper.addEventListener('error', () => { paper.hidden = true; $('paper-none').hidden = false; });
  function reloadPaper() {
    paperVersion += 1;
    paper.src = '/paper/latest.png?v=' + paperVersion;
  }

  $('free').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('free-text').value;
    if (text !== '') present(text);
  });
  loadCodes();
  reloadPaper();
  setInterval(loadCodes, CODES_RELOAD_MS);
  setInterval(reloadPaper, PAPER_RELOAD_MS);
})();
</script>
</body>
</html>
)html";
  return kPage;
}

}  // namespace chainslip::sim

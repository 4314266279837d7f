// The kiosk screen (docs/SCREEN.md). Renders the view model that chainslipd
// streams over Server-Sent Events and posts the patient's taps to /actions.
// Every string of the view is shown with textContent: receipt texts come from
// outside the kiosk and are never treated as markup.
'use strict';

(function () {
  // What the patient reads when the view leaves a title empty.
  const DEFAULT_TITLES = {
    starting: ['正在启动…', 'Starting…'],
    idle: ['请将电子票据二维码对准扫描口', 'Hold the e-receipt QR code to the scanner'],
    looking_up: ['正在查询票据…', 'Looking up your receipt…'],
    idle_paused: ['暂停换开服务', 'Paper copies are paused'],
    verified: ['票据核验通过', 'Receipt verified'],
    already_exchanged: ['这张票据已换开', 'Already exchanged'],
    already_posted: ['这张票据已入账', 'Already posted'],
    already_reversed: ['这张票据已冲红', 'Reversed'],
    confirming: ['请确认换开', 'Please confirm'],
    rejected: ['此票据不能换开', 'This receipt cannot be exchanged'],
    network_down: ['网络暂不可用', 'The network is unavailable'],
    exchanging: ['正在办理换开…', 'Exchanging for a paper copy…'],
    printing: ['正在打印…', 'Printing…'],
    paper_out: ['打印机缺纸', 'The printer is out of paper'],
    done: ['请取走纸质票据', 'Please take your paper receipt'],
    error: ['自助机暂停服务', 'This kiosk is out of service'],
  };
  // Each button's action; confirm_exchange confirms the purpose the view shows.
  const ACTIONS = {
    confirm_refund: () => ({ action: 'choose', reason: 'refund' }),
    confirm_other: () => ({ action: 'choose', reason: 'other' }),
    confirm_exchange: () => ({ action: 'confirm', reason: confirmReason }),
    back: () => ({ action: 'cancel' }),
    call_staff: () => ({ action: 'call_staff' }),
    cancel: () => ({ action: 'cancel' }),
    start_over: () => ({ action: 'start_over' }),
  };
  // After a tap the buttons wait for the next view; this long at most.
  const PENDING_MS = 3000;

  const $ = (id) => document.getElementById(id);
  const app = $('app');
  let lastState = null;
  let pendingTimer = null;
  let confirmReason = null;
  let countdownArming = null;
  let countdownTimer = null;

  function text(v) {
    return typeof v === 'string' ? v : '';
  }

  function setText(id, value) {
    $(id).textContent = text(value);
  }

  function show(el, visible) {
    el.hidden = !visible;
  }

  function renderTitle(view) {
    const fallback = DEFAULT_TITLES[view.state] || ['', ''];
    setText('title-zh', text(view.title_zh) || fallback[0]);
    setText('title-en', text(view.title_en) || fallback[1]);
    setText('message-zh', view.message_zh);
    setText('message-en', view.message_en);
  }

  function renderProgress(progress) {
    const on = progress !== null && typeof progress === 'object';
    show($('progress'), on);
    if (!on) return;
    setText('progress-zh', progress.step_zh);
    setText('progress-en', progress.step_en);
    const pct = Math.max(0, Math.min(100, Number(progress.percent) || 0));
    $('progress-fill').style.width = pct + '%';
    $('progress').dataset.percent = String(pct);
  }

  function itemLabel(item) {
    let label = text(item && item.name);
    if (text(item && item.unit)) label += '/' + text(item.unit);
    if (text(item && item.insurance_class_zh)) label += ' [' + text(item.insurance_class_zh) + ']';
    return label;
  }

  function renderItems(items) {
    const body = $('receipt-items-body');
    body.replaceChildren();
    for (const item of Array.isArray(items) ? items : []) {
      const row = document.createElement('tr');
      const cells = [[itemLabel(item), ''], [text(item && item.quantity), 'num'],
        [text(item && item.unit_price), 'num'], [text(item && item.amount_yuan), 'num']];
      for (const [value, cls] of cells) {
        const cell = document.createElement('td');
        if (cls) cell.className = cls;
        cell.textContent = value;
        row.appendChild(cell);
      }
      body.appendChild(row);
    }
    show($('receipt-items-scroll'), body.childElementCount > 0);
  }

  // The receipt card scrolls when it holds more than the screen shows (long
  // item lists, the 医保 breakdown): a cue at its bottom says so until the
  // patient has scrolled to the end.
  function updateMoreCue() {
    const card = $('receipt');
    const more = !card.hidden && card.scrollHeight - card.clientHeight - card.scrollTop > 4;
    show($('receipt-more'), more);
    card.dataset.more = String(more);
  }

  // Label/value rows into a <dl>; hidden when there are none.
  function renderRows(id, rows, valueKey) {
    const list = $(id);
    list.replaceChildren();
    for (const row of Array.isArray(rows) ? rows : []) {
      const field = document.createElement('div');
      field.className = 'field';
      const dt = document.createElement('dt');
      dt.textContent = text(row && row.label_zh);
      const dd = document.createElement('dd');
      dd.className = valueKey === 'amount_yuan' ? 'mono' : '';
      dd.textContent = valueKey === 'amount_yuan' ? '¥ ' + text(row && row[valueKey]) : text(row && row[valueKey]);
      field.append(dt, dd);
      list.appendChild(field);
    }
    show(list, list.childElementCount > 0);
  }

  function renderReceipt(r) {
    const on = r !== null && typeof r === 'object';
    show($('receipt'), on);
    app.dataset.receipt = String(on);
    if (!on) return;
    setText('receipt-kind', r.kind_zh);
    setText('receipt-title', r.title);
    setText('receipt-business-serial', r.business_serial);
    const medical = r.medical !== null && typeof r.medical === 'object' ? r.medical : {};
    renderRows('receipt-medical', medical.rows, 'value');
    renderRows('receipt-payments', medical.payments, 'amount_yuan');
    setText('receipt-status-zh', r.status_zh);
    setText('receipt-status-en', r.status_en);
    show($('receipt-status'), text(r.status_zh) !== '' || text(r.status_en) !== '');
    show($('receipt-from-cache'), r.from_cache === true);
    setText('receipt-code', r.code);
    setText('receipt-number', r.number);
    setText('receipt-issuer', r.issuer);
    setText('receipt-payer', r.payer);
    setText('receipt-issued-at', r.issued_at);
    $('receipt-amount').textContent = text(r.amount_yuan) ? '¥ ' + text(r.amount_yuan) : '';
    setText('receipt-amount-words', r.amount_words);
    renderItems(r.items);
    requestAnimationFrame(updateMoreCue);  // once laid out
  }

  function renderConfirm(confirm) {
    const on = confirm !== null && typeof confirm === 'object';
    show($('confirm'), on);
    confirmReason = on ? text(confirm.reason) : null;
    if (!on) return;
    setText('confirm-purpose', text(confirm.purpose_zh) + ' ' + text(confirm.purpose_en));
    $('confirm-amount').textContent = '¥ ' + text(confirm.amount_yuan);
  }

  // A screen that returns to the start by itself counts down, from the
  // seconds the view gives; a new arming (the patient tapped) starts again.
  function renderCountdown(countdown) {
    const on = countdown !== null && typeof countdown === 'object' && Number(countdown.seconds) > 0;
    show($('countdown'), on);
    const arming = on ? Number(countdown.arming) : null;
    if (arming === countdownArming) return;
    countdownArming = arming;
    clearInterval(countdownTimer);
    countdownTimer = null;
    if (!on) return;
    const end = Date.now() + Number(countdown.seconds) * 1000;
    const tick = () => {
      const left = String(Math.max(0, Math.ceil((end - Date.now()) / 1000)));
      $('countdown-seconds').textContent = left;
      $('countdown-seconds-en').textContent = left;
      $('countdown').dataset.seconds = left;
    };
    tick();
    countdownTimer = setInterval(tick, 250);
  }

  function renderActions(actions) {
    const wanted = new Set(Array.isArray(actions) ? actions : []);
    for (const button of document.querySelectorAll('#actions button')) {
      show(button, wanted.has(button.dataset.action));
    }
    show($('actions'), wanted.size > 0);
  }

  function renderDevice(id, device) {
    const li = $(id);
    const known = device !== null && typeof device === 'object' && typeof device.ok === 'boolean';
    li.dataset.ok = known ? String(device.ok) : 'unknown';
    const zh = li.querySelector('.zh');
    const en = li.querySelector('.en');
    const detailZh = known ? text(device.text_zh) : '';
    const detailEn = known ? text(device.text_en) : '';
    zh.textContent = detailZh ? zh.dataset.zh + '：' + detailZh : zh.dataset.zh;
    en.textContent = detailEn ? en.dataset.en + ': ' + detailEn : en.dataset.en;
  }

  // Why the printer is not heard, for staff (docs/SCREEN.md): the driver's own sentence, small under the buttons.
  function renderStaffFault(printer) {
    const fault = printer !== null && typeof printer === 'object' ? text(printer.fault) : '';
    $('staff-fault').dataset.fault = fault;
    $('staff-fault-detail').textContent = fault ? text(printer.fault_detail) + ' (' + fault + ')' : '';
    show($('staff-fault'), fault !== '');
  }

  function renderDevices(devices) {
    const d = devices !== null && typeof devices === 'object' ? devices : {};
    renderDevice('device-printer', d.printer);
    renderStaffFault(d.printer);
    renderDevice('device-node', d.node);
    renderDevice('device-scanner', d.scanner);
  }

  // The hospital's name and help phone (config [screen]); the service's own name without one.
  function renderKiosk(kiosk) {
    const k = kiosk !== null && typeof kiosk === 'object' ? kiosk : {};
    $('hospital-name').textContent = text(k.hospital_name) || '电子票据自助换开';
    setText('help-phone-number', k.help_phone);
    show($('help-phone'), text(k.help_phone) !== '');
  }

  // The kiosk's own time, as a patient reads it: 12月7日 14:05.
  function renderClock() {
    const now = new Date();
    const hh = String(now.getHours()).padStart(2, '0');
    const mm = String(now.getMinutes()).padStart(2, '0');
    $('clock').textContent = (now.getMonth() + 1) + '月' + now.getDate() + '日 ' + hh + ':' + mm;
  }

  function setPending(pending) {
    clearTimeout(pendingTimer);
    app.dataset.pending = String(pending);
    for (const button of document.querySelectorAll('#actions button')) button.disabled = pending;
    if (pending) pendingTimer = setTimeout(() => setPending(false), PENDING_MS);
  }

  function showActionError(message) {
    const el = $('action-error');
    el.textContent = message;
    show(el, message !== '');
  }

  async function send(action) {
    showActionError('');
    setPending(true);
    try {
      const res = await fetch('/actions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(action),
      });
      if (res.status !== 202) {
        let message = 'HTTP ' + res.status;
        try {
          message = text((await res.json()).message) || message;
        } catch (e) { /* keep the status */ }
        throw new Error(message);
      }
    } catch (e) {
      setPending(false);
      showActionError('操作未送达，请重试 / Your tap did not get through, please try again (' + e.message + ')');
    }
  }

  function render(view) {
    if (view === null || typeof view !== 'object') return;
    const state = typeof view.state === 'string' ? view.state : 'error';
    app.dataset.state = state;
    renderTitle(Object.assign({}, view, { state }));
    renderProgress(view.progress);
    renderReceipt(view.receipt);
    renderConfirm(view.confirm);
    renderCountdown(view.countdown);
    renderActions(view.actions);
    renderDevices(view.devices);
    renderKiosk(view.kiosk);
    setPending(false);
    if (state !== lastState) {
      showActionError('');
    }
    lastState = state;
  }

  function setConnected(connected) {
    app.dataset.connected = String(connected);
    show($('connection-banner'), !connected);
  }

  function connect() {
    const events = new EventSource('/events');
    events.addEventListener('open', () => setConnected(true));
    events.addEventListener('error', () => {
      setConnected(false);
      // The banner's first words said "connecting"; from now on it is a lost connection.
      $('connection-banner').firstElementChild.textContent = '与自助机服务的连接已断开，正在重新连接…';
      $('connection-banner').lastElementChild.textContent = 'Lost the connection to the kiosk service, reconnecting…';
    });
    events.addEventListener('state', (e) => {
      try {
        render(JSON.parse(e.data));
      } catch (err) {
        console.error('bad view', err);
      }
    });
  }

  for (const button of document.querySelectorAll('#actions button')) {
    button.addEventListener('click', () => send(ACTIONS[button.dataset.action]()));
  }
  $('receipt').addEventListener('scroll', updateMoreCue);
  window.addEventListener('resize', updateMoreCue);
  renderTitle({ state: 'starting' });
  renderClock();
  setInterval(renderClock, 10000);
  setConnected(false);
  connect();
})();

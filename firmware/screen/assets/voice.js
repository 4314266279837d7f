// The screen's voice (docs/SCREEN.md, "Voice prompts"): when the kiosk
// enters a state, the Mandarin prompt of that state is played once. It only
// watches the app element's data-state (set by app.js from the view model),
// so the screen's drawing knows nothing of it. /voice.json says which states
// have a prompt and at what volume; with no prompts (screen.voice = false)
// the page stays silent. data-voice names the prompt playing, for tests and
// for staff checking a silent kiosk in the browser's inspector.
'use strict';

(() => {
  const app = document.getElementById('app');
  let settings = { prompts: [], volume: 0 };
  let playing = null;
  let lastState = null;

  function speak(state) {
    if (state === lastState) return;
    lastState = state;
    if (playing) {
      playing.pause();
      playing = null;
    }
    if (!settings.prompts.includes(state)) return;
    const audio = new Audio('/voice/' + state + '.wav');
    audio.volume = Math.min(1, Math.max(0, settings.volume));
    playing = audio;
    audio.addEventListener('ended', () => {
      if (playing === audio) delete app.dataset.voice;
    });
    // A refused play (no audio device, a browser's autoplay rule) leaves the
    // screen as it is: the words on it say the same.
    audio.play().then(() => {
      if (playing === audio) app.dataset.voice = state;
    }, () => {
      if (playing === audio) app.dataset.voiceError = state;
    });
  }

  async function load() {
    try {
      const res = await fetch('/voice.json', { cache: 'no-cache' });
      if (res.ok) settings = await res.json();
    } catch (e) {
      // Without its settings the page stays silent; the words on the screen say the same.
    }
    new MutationObserver(() => speak(app.dataset.state))
      .observe(app, { attributes: true, attributeFilter: ['data-state'] });
    speak(app.dataset.state);
  }

  load();
})();

/**
 * A stand-in for the browser's speech service, installed as `window.webkitSpeechRecognition`.
 * Chrome's recogniser sends audio to Google's servers, which cannot run here (no network, and
 * Debian's Chromium has no keys: it fails with 'network'), so the tests script what the service
 * would answer: interim results, then the final line, then `end` once the button is released.
 * It follows the Web Speech API's event shapes; nothing else of the app is faked.
 */
export function voiceStandInScript(mode: { say: string } | { fail: string }): string {
  return `(() => {
  const mode = ${JSON.stringify(mode)};
  const result = (text, isFinal) => ({ resultIndex: 0, results: { length: 1, 0: { isFinal, length: 1, 0: { transcript: text } } } });
  window.__speechStandIn = { starts: 0, stops: 0 };
  class StandInRecognition {
    constructor() { this.onresult = null; this.onerror = null; this.onend = null; this.ended = false; this.lang = ''; this.continuous = false; this.interimResults = false; this.maxAlternatives = 1; }
    start() {
      window.__speechStandIn.starts++;
      if (mode.fail) { setTimeout(() => { this.onerror && this.onerror({ error: mode.fail, message: '' }); this.finish(); }, 50); return; }
      const words = mode.say.split(' ');
      setTimeout(() => this.onresult && this.onresult(result(words.slice(0, 2).join(' '), false)), 60);
      setTimeout(() => this.onresult && this.onresult(result(words.slice(0, 4).join(' '), false)), 160);
      setTimeout(() => this.onresult && this.onresult(result(mode.say, true)), 300);
    }
    stop() { window.__speechStandIn.stops++; setTimeout(() => this.finish(), 30); }
    abort() { this.finish(); }
    finish() { if (this.ended) return; this.ended = true; this.onend && this.onend(); }
  }
  window.webkitSpeechRecognition = StandInRecognition;
  window.SpeechRecognition = StandInRecognition;
})()`
}

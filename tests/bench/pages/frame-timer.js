/* global window, performance */
// Times main-thread JS per animation frame (see splat-render.html). Plain script: it must run
// before the page's modules, and it stays allocation-light (one closure per callback, the same on
// both pages of the bench).
;(function () {
  var cap = 8192
  var timer = { samples: new Float64Array(cap), frames: 0, current: -1, acc: 0 }
  var raf = window.requestAnimationFrame.bind(window)
  function record(ts, ms) {
    if (ts !== timer.current) {
      if (timer.current >= 0 && timer.frames < cap) timer.samples[timer.frames++] = timer.acc
      timer.current = ts
      timer.acc = 0
    }
    timer.acc += ms
  }
  window.requestAnimationFrame = function (cb) {
    return raf(function (ts) {
      var t0 = performance.now()
      try {
        cb(ts)
      } finally {
        record(ts, performance.now() - t0)
      }
    })
  }
  window.__frameTimer = timer
})()

import { describe, expect, it } from 'vitest'
import { createAppStore } from '../../src/ui/app-store'
import { LazySpeechInput } from '../../src/app/voice/lazy-speech-input'
import { connectPushToTalk } from '../../src/app/voice/push-to-talk'
import type { SpeechErrorCode } from '../../src/app/voice/speech-input'
import { speechFlags } from '../../src/app/voice/speech-choice'
import { WebSpeechInput, type RecognitionConstructor } from '../../src/app/voice/web-speech-input'

type Script = { results?: [string, boolean][][]; error?: string }

/** A scripted SpeechRecognition (the Web Speech API's shape): results on start, end on stop. */
function recognition(script: Script): RecognitionConstructor {
  return class {
    lang = ''
    continuous = false
    interimResults = false
    maxAlternatives = 1
    onresult: ((e: unknown) => void) | null = null
    onerror: ((e: { error: string }) => void) | null = null
    onend: (() => void) | null = null
    start(): void {
      for (const batch of script.results ?? []) {
        const results = Object.assign(
          batch.map(([t, isFinal]) => Object.assign([{ transcript: t }], { isFinal })),
          { length: batch.length },
        )
        this.onresult?.({ resultIndex: 0, results })
      }
      if (script.error) {
        this.onerror?.({ error: script.error })
        this.onend?.()
      }
    }
    stop(): void {
      this.onend?.()
    }
    abort(): void {
      this.onend?.()
    }
  } as unknown as RecognitionConstructor
}

function wire(input: WebSpeechInput | LazySpeechInput) {
  const app = createAppStore()
  const submitted: string[] = []
  app.setState({ submitPrompt: (t) => submitted.push(t) })
  connectPushToTalk(app, input)
  return { app, submitted }
}

describe('push-to-talk over the Web Speech API', () => {
  it('shows the interim transcript while held and runs the final line as a command on release', () => {
    const input = new WebSpeechInput(
      recognition({ results: [[['add a', false]], [['add a lake over there', true]]] }),
      'en-US',
    )
    const { app, submitted } = wire(input)
    app.getState().voiceStart!()
    expect(app.getState().voice).toEqual({
      state: 'listening',
      interim: 'add a lake over there',
      error: null,
    })
    expect(submitted).toEqual([])
    app.getState().voiceStop!()
    expect(submitted).toEqual(['add a lake over there'])
    expect(app.getState().voice.state).toBe('idle')
  })

  it.each<[string, SpeechErrorCode, RegExp]>([
    ['network', 'network', /speech service/],
    ['not-allowed', 'not-allowed', /microphone is blocked/],
    ['no-speech', 'no-speech', /Nothing was heard/],
    ['aborted', 'aborted', /interrupted/],
  ])("shows '%s' with the typed fallback focused", (error, _code, text) => {
    const { app, submitted } = wire(new WebSpeechInput(recognition({ error }), 'en-US'))
    const focus = app.getState().promptFocus
    app.getState().voiceStart!()
    expect(app.getState().voice.state).toBe('error')
    expect(app.getState().voice.error).toMatch(text)
    expect(app.getState().voice.error).toMatch(/type instead/i)
    expect(app.getState().promptFocus).toBe(focus + 1)
    expect(submitted).toEqual([])
  })

  it("says 'not supported' where the browser has no recogniser", () => {
    const { app } = wire(new WebSpeechInput(null, 'en-US'))
    app.getState().voiceStart!()
    expect(app.getState().voice.error).toMatch(/not available in this browser/)
  })

  it('counts a release with nothing heard as no-speech', () => {
    const { app } = wire(new WebSpeechInput(recognition({}), 'en-US'))
    app.getState().voiceStart!()
    app.getState().voiceStop!()
    expect(app.getState().voice.error).toMatch(/Nothing was heard/)
  })

  it('loads a lazy recogniser on the first push and reports a failed load as a model error', async () => {
    const lazy = new LazySpeechInput('on-device', () => Promise.reject(new Error('404')))
    const { app } = wire(lazy)
    app.getState().voiceStart!()
    await new Promise((r) => setTimeout(r, 0))
    expect(app.getState().voice.error).toMatch(/on-device speech model failed/)
  })

  it('reads the on-device flags only when both urls are given', () => {
    expect(speechFlags('?speech=/m.onnx&speechVocab=/v.json')).toEqual({ model: '/m.onnx', vocab: '/v.json' })
    expect(speechFlags('?speech=/m.onnx')).toBeNull()
  })
})

import type { AppStore } from '../../ui/app-store'
import type { SpeechInput } from './speech-input'
import { voiceErrorText } from './voice-messages'

/**
 * Joins a SpeechInput to the app store: every push-to-talk surface (mic button, V key, controller
 * button) calls the store's voiceStart/voiceStop; the interim transcript and errors go to
 * `voice` (the desktop overlay and the in-VR panel both read it); the final line runs as a
 * command exactly as if typed. Returns the teardown.
 */
export function connectPushToTalk(app: AppStore, input: SpeechInput): () => void {
  let listening = false
  const off = input.on({
    interim: (text) => app.getState().setVoice({ interim: text }),
    // Hands-free: the wake phrase starts listening as a push would (the headset aims on it).
    wake: () => app.getState().setVoice({ state: 'listening', interim: '', error: null }),
    progress: (f) => app.getState().setVoice({ interim: `loading speech model ${Math.round(f * 100)}%` }),
    final: (text) => {
      app.getState().setVoice({ state: 'idle', interim: text, error: null })
      app.getState().submitPrompt?.(text)
    },
    error: (code) => {
      app.getState().setVoice({ state: 'error', error: voiceErrorText(code) })
      // The typed fallback, one step away: the caret is already in the prompt bar.
      app.getState().focusPrompt()
    },
    end: () => {
      listening = false
      if (app.getState().voice.state === 'listening') app.getState().setVoice({ state: 'idle' })
    },
  })
  app.setState({
    voiceStart: () => {
      if (listening) return
      listening = true
      app.getState().setVoice({ state: 'listening', interim: '', error: null })
      input.start()
    },
    voiceStop: () => {
      if (listening) input.stop()
    },
  })
  return () => {
    off()
    app.setState({ voiceStart: null, voiceStop: null })
  }
}

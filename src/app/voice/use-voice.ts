import { useEffect } from 'react'
import type { AppStore } from '../app-store'
import { connectPushToTalk } from './push-to-talk'
import type { SpeechInput } from './speech-input'
import { WebSpeechInput } from './web-speech-input'

const webSpeech = (): SpeechInput => new WebSpeechInput()

/**
 * Wires push-to-talk for the app's lifetime. The Web Speech API by default; `make` swaps in
 * another SpeechInput (the on-device model) without touching any button (pass a stable function:
 * a new one each render would rebuild the recogniser).
 */
export function useVoice(app: AppStore, make: () => SpeechInput = webSpeech): void {
  useEffect(() => connectPushToTalk(app, make()), [app, make])
}

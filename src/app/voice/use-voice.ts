import { useEffect } from 'react'
import type { AppStore } from '../../ui/app-store'
import { connectPushToTalk } from './push-to-talk'
import { chooseSpeechInput } from './speech-choice'
import type { SpeechInput } from './speech-input'

const fromPage = (): SpeechInput => chooseSpeechInput()

/**
 * Wires push-to-talk for the app's lifetime. The Web Speech API by default, the on-device model
 * with `?speech=` (speech-choice.ts); `make` swaps in any other SpeechInput without touching a
 * button (pass a stable function: a new one each render would rebuild the recogniser).
 */
export function useVoice(app: AppStore, make: () => SpeechInput = fromPage): void {
  useEffect(() => connectPushToTalk(app, make()), [app, make])
}

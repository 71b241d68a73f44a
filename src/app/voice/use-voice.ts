import { useEffect } from 'react'
import { useStore } from 'zustand'
import type { AppStore } from '../../ui/app-store'
import type { SettingsStore } from '../../ui/settings-store'
import { connectPushToTalk } from './push-to-talk'
import { chooseSpeechInput } from './speech-choice'
import type { SpeechInput } from './speech-input'
import { SphinxSpeechInput } from './sphinx-speech-input'

const fromPage = (webSpeech: boolean): SpeechInput =>
  chooseSpeechInput(webSpeech ? '?speech=web' : location.search)

/**
 * Wires push-to-talk for the app's lifetime: the on-device recogniser by default, Web Speech when
 * the setting (both menus) or `?speech=web` asks for it, an ONNX model with `?speech=URL`
 * (speech-choice.ts). With the wakePhrase setting the on-device recogniser also listens hands-free
 * for "okay world, ...". Changing either setting rebuilds the recogniser. `make` swaps in any other
 * SpeechInput (pass a stable function: a new one each render would rebuild it).
 */
export function useVoice(
  app: AppStore,
  settings: SettingsStore,
  make: (webSpeech: boolean) => SpeechInput = fromPage,
): void {
  const webSpeech = useStore(settings, (s) => s.settings.webSpeech)
  const wakePhrase = useStore(settings, (s) => s.settings.wakePhrase)
  useEffect(() => {
    const input = make(webSpeech)
    const off = connectPushToTalk(app, input)
    // Hands-free needs the on-device recogniser (keyword spotting); other inputs ignore the setting.
    const handsFree = input instanceof SphinxSpeechInput && wakePhrase
    if (handsFree) input.setHandsFree(true)
    return () => {
      if (handsFree) input.setHandsFree(false)
      off()
    }
  }, [app, make, webSpeech, wakePhrase])
}

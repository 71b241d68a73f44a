import type { SpeechErrorCode } from './speech-input'

/**
 * What each failure means for the person, always ending at the fallback: typing is one step
 * away (the prompt bar takes focus), so no failure is a dead end.
 */
export function voiceErrorText(code: SpeechErrorCode): string {
  switch (code) {
    case 'not-supported':
      return 'Voice is not available in this browser. Type instead.'
    case 'network':
      return "Voice needs the browser's speech service, which cannot be reached. Type instead."
    case 'not-allowed':
    case 'service-not-allowed':
      return 'The microphone is blocked. Allow it in the site settings, or type instead.'
    case 'no-speech':
      return 'Nothing was heard. Hold the button while you speak, or type instead.'
    case 'aborted':
      return 'Listening was interrupted. Try again, or type instead.'
    case 'audio-capture':
      return 'No microphone was found. Type instead.'
    case 'language-not-supported':
      return 'Voice does not support this language. Type instead.'
    case 'model':
      return 'The on-device speech model failed. Type instead.'
    default:
      return 'Voice failed. Type instead.'
  }
}

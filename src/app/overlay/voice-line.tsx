import { useAppState } from '../../ui/react/stores-context'

/** What voice heard so far while listening, or why it failed (the prompt bar has focus then). */
export function VoiceLine() {
  const voice = useAppState((s) => s.voice)
  if (voice.state === 'error' && voice.error)
    return (
      <div className="ww-voice ww-voice-error" data-testid="voice-error" role="alert">
        {voice.error}
      </div>
    )
  if (voice.state === 'listening')
    return (
      <div className="ww-voice" data-testid="voice-interim" aria-live="polite">
        {voice.interim ? `“${voice.interim}”` : 'listening…'}
      </div>
    )
  return null
}

import type { PointerEvent } from 'react'
import { useAppState } from '../../ui/react/stores-context'
import './voice.css'

/**
 * Hold to talk, release to send (the same push-to-talk as the V key and the controller's B).
 * Pointer capture keeps the release even when the pointer slides off the button.
 */
export function MicButton() {
  const start = useAppState((s) => s.voiceStart)
  const stop = useAppState((s) => s.voiceStop)
  const state = useAppState((s) => s.voice.state)
  const down = (e: PointerEvent<HTMLButtonElement>) => {
    e.preventDefault()
    e.currentTarget.setPointerCapture?.(e.pointerId)
    start?.()
  }
  const up = () => stop?.()
  return (
    <button
      type="button"
      className={`ww-mic${state === 'listening' ? ' ww-mic-on' : ''}`}
      data-testid="mic"
      aria-label="Hold to talk (or hold V)"
      aria-pressed={state === 'listening'}
      title="Hold to talk (or hold V)"
      disabled={!start}
      onPointerDown={down}
      onPointerUp={up}
      onPointerCancel={up}
    >
      {/* Plain text: an emoji mic draws as a box where no emoji font is installed. */}
      {state === 'listening' ? '● listening' : 'Hold to talk'}
    </button>
  )
}

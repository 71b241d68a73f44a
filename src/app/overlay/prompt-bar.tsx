import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react'
import { useAppState } from '../../ui/react/stores-context'
import { MicButton } from './mic-button'
import { VoiceLine } from './voice-line'
import './image-prompt.css'

/**
 * Picks a picture for an image prompt: a new region styled from it grows at the target (or ahead).
 * The real file input stays hidden behind a button that reads like its neighbours.
 */
function ImageButton() {
  const imagePrompt = useAppState((s) => s.imagePrompt)
  const input = useRef<HTMLInputElement>(null)
  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    // Cleared so that picking the same file again still fires a change.
    e.target.value = ''
    if (file && imagePrompt) void imagePrompt(file)
  }
  return (
    <>
      <button
        type="button"
        className="ww-image-button"
        data-testid="image-button"
        title="Style a new region from a picture, at the target or ahead (or drop one on the page)"
        aria-label="Style a new region from a picture"
        disabled={!imagePrompt}
        onClick={() => input.current?.click()}
      >
        Image…
      </button>
      <input
        ref={input}
        type="file"
        accept="image/*"
        hidden
        data-testid="image-input"
        aria-hidden="true"
        tabIndex={-1}
        onChange={onPick}
      />
    </>
  )
}

/**
 * Where a person types (or, with the mic, says) what they want: a description makes a new world;
 * commands grow or restyle this one where they point, undo, redo or save (the command grammar
 * reads the intent); a picture (the image button) styles a new region. Shows the world's prompt,
 * the voice transcript, and the result of the last command ("added a lake 40 m ahead") or any
 * other message for the person.
 */
export function PromptBar() {
  const prompt = useAppState((s) => s.world.prompt)
  const message = useAppState((s) => s.world.message)
  const submit = useAppState((s) => s.submitPrompt)
  const focusAsk = useAppState((s) => s.promptFocus)
  const input = useRef<HTMLInputElement>(null)
  const [text, setText] = useState(prompt)
  const [shown, setShown] = useState(prompt)
  if (shown !== prompt) {
    // A new world (from here, or restored): show its prompt, replacing what was typed.
    setShown(prompt)
    setText(prompt)
  }
  useEffect(() => {
    // Asked for by a voice failure: the typed fallback, caret ready, text selected to overwrite.
    if (focusAsk > 0) {
      input.current?.focus()
      input.current?.select()
    }
  }, [focusAsk])
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (submit && text.trim()) submit(text)
  }
  return (
    <form className="ww-prompt" onSubmit={onSubmit} aria-label="Prompt">
      <label htmlFor="ww-prompt-input" className="ww-prompt-label">
        Prompt
      </label>
      <div className="ww-prompt-row">
        <input
          id="ww-prompt-input"
          ref={input}
          data-testid="prompt"
          type="text"
          value={text}
          disabled={!submit}
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. “a misty pine forest”, “add a lake over there”, “make it night”"
        />
        <ImageButton />
        <MicButton />
      </div>
      <VoiceLine />
      {message && (
        <div className="ww-prompt-message" data-testid="world-message" role="status">
          {message}
        </div>
      )}
    </form>
  )
}

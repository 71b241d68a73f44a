import { useState, type FormEvent } from 'react'
import { useAppState } from '../app-context'

/**
 * Where a person types what they want to see. A description makes a new world; "make it night"
 * restyles this one (the command grammar reads the intent). Shows the world's prompt, and any
 * message the world has for the person (an unknown command, storage full).
 */
export function PromptBar() {
  const prompt = useAppState((s) => s.world.prompt)
  const message = useAppState((s) => s.world.message)
  const submit = useAppState((s) => s.submitPrompt)
  const [text, setText] = useState(prompt)
  const [shown, setShown] = useState(prompt)
  if (shown !== prompt) {
    // A new world (from here, or restored): show its prompt, replacing what was typed.
    setShown(prompt)
    setText(prompt)
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (submit && text.trim()) submit(text)
  }
  return (
    <form className="ww-prompt" onSubmit={onSubmit} aria-label="Prompt">
      <label htmlFor="ww-prompt-input" className="ww-prompt-label">
        Prompt
      </label>
      <input
        id="ww-prompt-input"
        data-testid="prompt"
        type="text"
        value={text}
        disabled={!submit}
        onChange={(e) => setText(e.target.value)}
        placeholder="e.g. “a misty pine forest by a lake”, then Enter"
      />
      {message && (
        <div className="ww-prompt-message" data-testid="world-message">
          {message}
        </div>
      )}
    </form>
  )
}

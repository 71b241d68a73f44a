/**
 * Where a person will type (or say) what they want to see. Not wired yet: the prompt encoder and
 * world document land in later issues, so the input is disabled and says so.
 */
export function PromptBar() {
  return (
    <form className="ww-prompt" onSubmit={(e) => e.preventDefault()} aria-label="Prompt (not wired yet)">
      <label htmlFor="ww-prompt-input" className="ww-prompt-label">
        Prompt <span className="ww-badge">not wired yet</span>
      </label>
      <input
        id="ww-prompt-input"
        data-testid="prompt"
        type="text"
        disabled
        placeholder="e.g. “a misty pine forest by a lake” (prompts arrive with the world model)"
      />
    </form>
  )
}

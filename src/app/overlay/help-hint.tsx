/** The desktop controls, in one line. */
export function HelpHint() {
  return (
    <div className="ww-help">
      <strong>Worldwalk</strong> · drag to look · WASD/arrows walk, Shift runs · click to target, T to
      teleport there
    </div>
  )
}

import { useAppState } from '../../ui/react/stores-context'
import { statusText } from '../../ui/app-store'

/** One line of what the app is doing, e.g. "placeholder world · no model yet · desktop". */
export function StatusLine() {
  const text = useAppState((s) => statusText(s))
  return (
    <div className="ww-status" role="status" data-testid="status">
      {text}
    </div>
  )
}

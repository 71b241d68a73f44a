import { useEffect } from 'react'
import type { AppStore } from '../../ui/app-store'

/** The key held to talk (V for voice): free in the desktop controls (WASD, arrows, Shift, M, Esc). */
export const TALK_KEY = 'KeyV'

function typing(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))
}

/** Hold V to talk, release to send; ignored while typing (a V in the prompt bar is a letter). */
export function usePushToTalkKey(app: AppStore): void {
  useEffect(() => {
    const down = (e: KeyboardEvent): void => {
      if (e.code !== TALK_KEY || e.repeat || typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return
      e.preventDefault()
      app.getState().voiceStart?.()
    }
    const up = (e: KeyboardEvent): void => {
      if (e.code !== TALK_KEY || typing(e.target)) return
      app.getState().voiceStop?.()
    }
    window.addEventListener('keydown', down)
    window.addEventListener('keyup', up)
    return () => {
      window.removeEventListener('keydown', down)
      window.removeEventListener('keyup', up)
    }
  }, [app])
}

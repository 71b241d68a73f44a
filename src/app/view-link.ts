import { formatViewpoint, type Viewpoint } from '../core/world/viewpoint'

/**
 * A link that opens this app at a viewpoint: the page's own address with `?pose=` and the world's
 * prompt set. On this device the prompt finds the stored world (edits and all); elsewhere it
 * generates the same base world (edits live in the world file, not the link). `?fresh` is
 * dropped: a link must never throw away the world of whoever opens it.
 */
export function viewLink(href: string, prompt: string, at: Viewpoint): string {
  const url = new URL(href)
  url.searchParams.delete('fresh')
  url.searchParams.set('prompt', prompt)
  url.searchParams.set('pose', formatViewpoint(at))
  url.hash = ''
  return url.toString()
}

/** Puts `text` on the clipboard; false where the browser refuses (no permission, no focus). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

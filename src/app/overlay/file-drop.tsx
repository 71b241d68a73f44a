import { useEffect, useState } from 'react'
import { useAppStoreApi } from '../../ui/react/stores-context'
import type { AppState } from '../../ui/app-store'
import { IMPORT_EXTENSIONS } from '../files/import-file'
import './image-prompt.css'

const IMAGE_EXTENSION = /\.(png|jpe?g|gif|webp|avif|bmp)$/i

/**
 * Whether a dropped file is a picture (for the image prompt). Some drags carry no MIME type (a
 * file from certain desktops), so the name's extension counts too.
 */
export function isImageFile(file: { name: string; type: string }): boolean {
  return file.type.startsWith('image/') || IMAGE_EXTENSION.test(file.name)
}

/** Hands one dropped file on: pictures to the image prompt, everything else to the file import. */
export function dispatchDroppedFile(file: File, state: AppState): void {
  if (isImageFile(file)) {
    if (state.imagePrompt) void state.imagePrompt(file)
    else state.setWorld({ message: `the world is still starting: drop ${file.name} again in a moment` })
  } else if (state.importFile) state.importFile(file)
  else state.setWorld({ message: `could not import ${file.name}: importing is not ready yet` })
}

/**
 * Files dropped anywhere on the page: images grow a region styled from them (`imagePrompt`),
 * everything else goes to the file import (`importFile`: .spz/.ply/.splat/.glb/.json), which says
 * in the status line what it did with it. While files are dragged over the page a hint says what
 * a drop will do. Dropping never navigates away from the world.
 */
export function FileDrop() {
  const app = useAppStoreApi()
  const [dragging, setDragging] = useState(false)
  useEffect(() => {
    // dragenter/dragleave fire for every element crossed: count them to know when the drag left.
    let depth = 0
    const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e)) return
      depth++
      setDragging(true)
    }
    const leave = (e: DragEvent): void => {
      if (!hasFiles(e)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) setDragging(false)
    }
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return
      // Without this the browser opens the file in place of the app.
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'
    }
    const drop = (e: DragEvent): void => {
      depth = 0
      setDragging(false)
      const files = e.dataTransfer?.files
      if (!files || files.length === 0) return
      e.preventDefault()
      // One at a time: each file is its own edit, and the status line shows one result.
      dispatchDroppedFile(files[0]!, app.getState())
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragleave', leave)
    window.addEventListener('dragover', over)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('dragover', over)
      window.removeEventListener('drop', drop)
    }
  }, [app])
  if (!dragging) return null
  return (
    <div className="ww-drop-hint" data-testid="drop-hint" aria-live="polite">
      <div className="ww-drop-hint-text">
        Drop a picture to grow a region in its colours (at the target, or ahead),
        <br />
        or a {IMPORT_EXTENSIONS.join(' ')} file to import it.
      </div>
    </div>
  )
}

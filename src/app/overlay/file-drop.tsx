import { useEffect } from 'react'
import { useAppStoreApi } from '../app-context'

/**
 * Files dropped anywhere on the page: images go to the image prompt (`imagePrompt`, set by the
 * image-prompt feature), everything else to the file import (`importFile`, app/files), which
 * says in the status line what it did with it. Dropping never navigates away from the world.
 */
export function FileDrop() {
  const app = useAppStoreApi()
  useEffect(() => {
    const over = (e: DragEvent): void => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault()
    }
    const drop = (e: DragEvent): void => {
      const file = e.dataTransfer?.files[0]
      if (!file) return
      e.preventDefault()
      const state = app.getState() as ReturnType<typeof app.getState> & { imagePrompt?: (f: File) => void }
      if (file.type.startsWith('image/')) state.imagePrompt?.(file)
      else state.importFile?.(file)
    }
    window.addEventListener('dragover', over)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragover', over)
      window.removeEventListener('drop', drop)
    }
  }, [app])
  return null
}

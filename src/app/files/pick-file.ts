import { IMPORT_EXTENSIONS } from './import-file'

/**
 * Opens the browser's file chooser for importable files. Must run inside a user gesture (a menu
 * click), which is how browsers allow a chooser to open.
 */
export function pickFile(onFile: (file: File) => void): void {
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = IMPORT_EXTENSIONS.join(',')
  input.style.display = 'none'
  input.addEventListener('change', () => {
    const file = input.files?.[0]
    input.remove()
    if (file) onFile(file)
  })
  document.body.appendChild(input)
  input.click()
}

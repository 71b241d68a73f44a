/** Longest stem of a downloaded file's name: enough words to recognise the world. */
const MAX_STEM = 48

/**
 * A file name for an export from the world's name or prompt: lower-case words joined by dashes,
 * nothing a file system or a URL would trip on ("A misty pine forest!" -> "a-misty-pine-forest").
 */
export function exportFileName(prompt: string, ext: string): string {
  const stem = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_STEM)
    .replace(/-+$/g, '')
  return `${stem || 'world'}.${ext}`
}

/** Longest world name the gallery accepts (a tile shows about this much). */
export const MAX_WORLD_NAME = 80

/** A name as stored: trimmed. Throws a message fit to show when it is empty or too long. */
export function validWorldName(name: string): string {
  const trimmed = name.trim()
  if (trimmed.length === 0) throw new Error('A world needs a name.')
  if (trimmed.length > MAX_WORLD_NAME)
    throw new Error(
      `World names can be at most ${MAX_WORLD_NAME} characters (this one has ${trimmed.length}).`,
    )
  return trimmed
}

/** The name of a copy: "<name> (copy)", shortened so it stays a valid name. */
export function copyName(name: string): string {
  const suffix = ' (copy)'
  const base =
    name.length + suffix.length > MAX_WORLD_NAME
      ? name.slice(0, MAX_WORLD_NAME - suffix.length).trimEnd()
      : name
  return `${base}${suffix}`
}

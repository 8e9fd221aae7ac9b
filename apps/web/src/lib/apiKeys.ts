/**
 * API keys as typed into the dashboard: one key per line, as the fields say. A key never holds a space, so a line
 * with one inside is refused (as the API, the TUI and the CLI refuse it) rather than split into two keys.
 */

/** The most characters a key may have (the server's limit). */
const maxKeyLength = 1024

/** The non-empty lines, trimmed. */
export const parseKeys = (text: string): ReadonlyArray<string> =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")

/** What is wrong with the keys typed, naming the line; undefined when all are fine (or none is typed). */
export const keysProblem = (text: string): string | undefined => {
  const keys = parseKeys(text)
  for (const [index, key] of keys.entries()) {
    const where = keys.length === 1 ? "The key" : `Key ${index + 1}`
    if (/\s/.test(key)) return `${where} has a space inside; a key is one word. Put each key on its own line.`
    if (key.length > maxKeyLength) return `${where} is longer than ${maxKeyLength} characters.`
    // Only Latin-1 travels in an HTTP header; anything else is a paste gone wrong (a smart quote, an emoji).
    if (/[^\u0020-\u007e\u00a0-\u00ff]/.test(key))
      return `${where} holds a character a key cannot have; paste it again.`
    if (keys.indexOf(key) !== index) return `${where} repeats key ${keys.indexOf(key) + 1}.`
  }
  return undefined
}

/**
 * How deeply a JSON text nests, checked before it is parsed. `JSON.parse` copes with any depth, but what comes after
 * it does not: re-serializing the body for the relay, decoding it with a Schema, logging it — each recurses once per
 * level, and a 12 KB body of 6,000 `[` overflows the stack and kills the process. So every body a client sends is
 * refused past `maxJsonDepth`, by one linear scan of the text that counts brackets outside strings: it allocates
 * nothing, and jumps over string contents (most of a chat body) with `indexOf`.
 */

/**
 * The deepest nesting of arrays and objects a request body may have. Real requests stay far below it (a chat body is
 * about 5 levels, a tool's JSON Schema a few dozen), and every recursive step after parsing fits well within the stack.
 */
export const maxJsonDepth = 128

const quote = 34 // "
const backslash = 92 // \
const openBrace = 123 // {
const openBracket = 91 // [
const closeBrace = 125 // }
const closeBracket = 93 // ]

/**
 * Whether `text` nests arrays and objects deeper than `max`. It reads JSON's syntax only as far as it needs to: a
 * text that is not JSON at all answers false here and is left for `JSON.parse` to report.
 */
export const nestsDeeperThan = (text: string, max: number = maxJsonDepth): boolean => {
  let depth = 0
  let i = 0
  const length = text.length
  while (i < length) {
    const code = text.charCodeAt(i)
    if (code === quote) {
      i = endOfString(text, i + 1)
      if (i === -1) return false
    } else if (code === openBrace || code === openBracket) {
      if (++depth > max) return true
    } else if (code === closeBrace || code === closeBracket) depth--
    i++
  }
  return false
}

/** The index of the quote that closes the string whose contents start at `from`, or -1 if it never closes. */
const endOfString = (text: string, from: number): number => {
  let at = text.indexOf('"', from)
  while (at !== -1) {
    // The quote is escaped only if an odd number of backslashes precede it.
    let slashes = 0
    while (text.charCodeAt(at - 1 - slashes) === backslash) slashes++
    if (slashes % 2 === 0) return at
    at = text.indexOf('"', at + 1)
  }
  return -1
}

/**
 * What an error message may quote of what a user sent. A name that reached the wrong place (an unknown field, a header
 * name) may be an API key pasted there, and an error is shown, logged and sent back: so a name is quoted only when it
 * is short, and then only in printable ASCII; a longer one is cut to a prefix too short to use.
 */

/** The longest name quoted whole; real field and header names are shorter, and API keys are longer. */
export const maxQuoted = 20

/** How much of a longer name is shown, before `…`. */
const prefixLength = 8

/** `text` as an error may quote it: at most `maxQuoted` characters, anything but printable ASCII shown as `?`. */
export const excerpt = (text: string): string => {
  const shown = text.length <= maxQuoted ? text : `${text.slice(0, prefixLength)}…`
  return shown.replace(/[^\x20-\x7e…]/gu, "?")
}

/**
 * What an error message may quote of what a user sent. A name that reached the wrong place (an unknown field, a header
 * name) may be an API key pasted there, and an error is shown, logged and sent back: so a name is quoted only when it
 * is short, and then only in printable ASCII; a longer one is cut to a prefix too short to use.
 */

/** The longest name quoted whole; real field and header names are shorter, and API keys are longer. */
export const maxQuoted = 20

/** How much of a longer name is shown, before `…`. */
const prefixLength = 8

/** The longest id quoted whole; real model ids are shorter, and most API keys longer. */
export const maxQuotedId = 64

/**
 * A run of letters and digits that ids lack and keys have: 20 or more characters, or 8 or more mixing upper and
 * lower case and digits (a key's random part; model ids are words and versions: `Llama`, `405B`, `20241022`). Keys of
 * 64 characters or more are excerpted by length; of shorter random keys, about 1 in 600 has neither run.
 */
const randomLooking = /[A-Za-z0-9]{20,}|(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{8,}/

/**
 * An id the user asked for (a model, a provider, a path) as an error may quote it: whole when it reads as an id, so
 * "no model gpt-4o-mini" stays useful; as an `excerpt` when it is long or holds a key-like run.
 */
export const quotedId = (id: string): string =>
  id.length <= maxQuotedId && !randomLooking.test(id) ? id.replace(/[^\x20-\x7e]/gu, "?") : excerpt(id)

/** A request path as a log or an error may quote it: each segment as `quotedId`, so `/api/providers/<key>` is cut. */
export const quotedPath = (path: string): string =>
  // A run never spans a `/`, so a short path is checked whole: the request log quotes every request's path.
  path.length <= maxQuotedId && /^[\x20-\x7e]*$/.test(path) && !randomLooking.test(path)
    ? path
    : path.split("/").map(quotedId).join("/")

/** `text` as an error may quote it: at most `maxQuoted` characters, anything but printable ASCII shown as `?`. */
export const excerpt = (text: string): string => {
  const shown = text.length <= maxQuoted ? text : `${text.slice(0, prefixLength)}…`
  return shown.replace(/[^\x20-\x7e…]/gu, "?")
}

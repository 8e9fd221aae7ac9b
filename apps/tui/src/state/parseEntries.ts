/**
 * What the user types into the detail screen's one-line inputs, split into what the core takes: a header written
 * `Name: value`, and model ids separated by spaces or commas. The core validates the parts.
 */

/** `Name: value` as typed, split at the first colon; `undefined` when there is no colon. */
export const parseHeader = (text: string): { readonly name: string; readonly value: string } | undefined => {
  const colon = text.indexOf(":")
  return colon === -1 ? undefined : { name: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() }
}

/** Model ids as typed: split on spaces, commas and line breaks, blanks dropped. */
export const parseModelIds = (text: string): ReadonlyArray<string> => text.split(/[\s,]+/).filter((id) => id !== "")

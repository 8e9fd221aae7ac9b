/**
 * Text as the user sees it: graphemes (what one cursor step moves over: `é`, `👋`, `👍🏽`, `日`) and the columns each
 * takes in a terminal (two for emoji and CJK). UTF-16 indexes and `length` count neither, so the cursor and every
 * width in a text field go through here.
 */
import stringWidth from "string-width"

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" })

export interface Grapheme {
  /** Where it starts in the string, in UTF-16 units. */
  readonly index: number
  readonly text: string
  /** Terminal columns. */
  readonly width: number
}

/** Printable ASCII is one column; asking `string-width` about every letter of a long answer costs milliseconds. */
const widthOf = (segment: string): number => {
  const code = segment.charCodeAt(0)
  return segment.length === 1 && code >= 0x20 && code < 0x7f ? 1 : stringWidth(segment)
}

export const graphemes = (text: string): ReadonlyArray<Grapheme> =>
  Array.from(segmenter.segment(text), ({ index, segment }) => ({ index, text: segment, width: widthOf(segment) }))

/** The start of the grapheme before `cursor` (0 at the start). */
export const previousBoundary = (text: string, cursor: number): number =>
  graphemes(text.slice(0, cursor)).at(-1)?.index ?? 0

/** The end of the grapheme at `cursor` (the text's length at the end). */
export const nextBoundary = (text: string, cursor: number): number => {
  const next = graphemes(text.slice(cursor))[0]
  return next === undefined ? cursor : cursor + next.text.length
}

/** Columns `text` takes in a terminal. */
export const displayWidth = (text: string): number => stringWidth(text)

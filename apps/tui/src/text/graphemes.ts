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

export const graphemes = (text: string): ReadonlyArray<Grapheme> =>
  Array.from(segmenter.segment(text), ({ index, segment }) => ({ index, text: segment, width: stringWidth(segment) }))

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

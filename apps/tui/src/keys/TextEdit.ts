/**
 * Editing one line of text, as a pure function of a keypress, so every text field (names, URLs, masked keys, the
 * chat composer, filters) edits the same way and the screens keep the value in their reducers. Pasted text arrives
 * as one input; line breaks and other control characters in it are dropped, so a key copied with its newline still
 * works.
 */
import type { Key } from "ink"
import { nextBoundary, previousBoundary } from "../text/graphemes"

export interface TextValue {
  readonly text: string
  /** Where the next character goes, in UTF-16 units: 0 … text.length, always between two graphemes. */
  readonly cursor: number
}

/** A value with the cursor at its end. */
export const textValue = (text = ""): TextValue => ({ text, cursor: text.length })

// biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters from typed input is the point
const controls = /[\u0000-\u001f\u007f-\u009f]/g

/** Start of the word before `cursor` (ctrl+w), skipping the spaces right before it first. */
const wordStart = (text: string, cursor: number): number => {
  let i = cursor
  while (i > 0 && text[i - 1] === " ") i--
  while (i > 0 && text[i - 1] !== " ") i--
  return i
}

/**
 * The value after one keypress; the same object when the key does not edit text (so a caller can tell a command key
 * from an edit). Left/right/home/end move, backspace/delete remove before the cursor, ctrl+a/e jump, ctrl+u clears
 * the line before the cursor, ctrl+w removes a word.
 */
export const editText = (value: TextValue, input: string, key: Key): TextValue => {
  const { text, cursor } = value
  // One step is one grapheme, so the cursor never lands inside an emoji or an accented letter.
  if (key.leftArrow) return cursor > 0 ? { text, cursor: previousBoundary(text, cursor) } : value
  if (key.rightArrow) return cursor < text.length ? { text, cursor: nextBoundary(text, cursor) } : value
  if (key.home || (key.ctrl && input === "a")) return { text, cursor: 0 }
  if (key.end || (key.ctrl && input === "e")) return { text, cursor: text.length }
  if (key.backspace || key.delete) {
    if (cursor === 0) return value
    const start = previousBoundary(text, cursor)
    return { text: text.slice(0, start) + text.slice(cursor), cursor: start }
  }
  if (key.ctrl && input === "u") return { text: text.slice(cursor), cursor: 0 }
  if (key.ctrl && input === "w") {
    const start = wordStart(text, cursor)
    return { text: text.slice(0, start) + text.slice(cursor), cursor: start }
  }
  if (key.ctrl || key.meta || key.return || key.escape || key.tab || key.upArrow || key.downArrow) return value
  const typed = input.replace(controls, "")
  if (typed === "") return value
  return { text: text.slice(0, cursor) + typed + text.slice(cursor), cursor: cursor + typed.length }
}

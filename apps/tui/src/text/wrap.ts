/**
 * Text broken into lines that fit a width in terminal columns (emoji and CJK take two), so the chat can show exactly
 * the lines that fit and nothing is cut off at the terminal's edge. Written here rather than with `wrap-ansi`, which
 * took ~40 ms for a 3,000-character answer: the chat re-wraps the answer streaming in every 40 ms.
 */
import { type Grapheme, graphemes } from "./graphemes"

/**
 * The graphemes of `text`, segmenting only its runs of other characters than printable ASCII: plain ASCII is one
 * grapheme and one column per character, and most text is mostly that (an answer streaming in ends in `▌`).
 */
const cellsOf = (text: string): ReadonlyArray<Grapheme> => {
  const cells: Array<Grapheme> = []
  for (const run of text.matchAll(/[\x20-\x7e]+|[^\x20-\x7e]+/g)) {
    const at = run.index
    const chars = run[0]
    if (/^[\x20-\x7e]/.test(chars))
      for (let i = 0; i < chars.length; i++) cells.push({ index: at + i, text: chars[i]!, width: 1 })
    else for (const cell of graphemes(chars)) cells.push({ ...cell, index: at + cell.index })
  }
  return cells
}

/** One paragraph in lines of at most `size` columns: at the last space that fits, else inside the word. */
const breakParagraph = (text: string, size: number): ReadonlyArray<string> => {
  const cells = cellsOf(text)
  const slice = (from: number, to: number) => text.slice(cells[from]!.index, cells[to]?.index ?? text.length).trimEnd()
  const lines: Array<string> = []
  let start = 0
  let used = 0
  let space = -1
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!
    if (used + cell.width > size && i > start) {
      const cut = space > start ? space : i
      lines.push(slice(start, cut))
      start = cut
      while (start < i && cells[start]!.text === " ") start++
      used = 0
      for (let j = start; j < i; j++) used += cells[j]!.width
      space = -1
    }
    // Spaces at a break belong to neither line.
    if (i === start && cell.text === " ") {
      start++
      continue
    }
    if (cell.text === " " && i > start) space = i
    used += cell.width
  }
  lines.push(start < cells.length ? slice(start, cells.length) : "")
  return lines
}

/**
 * `text` in lines of at most `width` columns, losing nothing but the spaces at a break. Tabs become two spaces; a
 * paragraph's indentation is kept on each of its lines, so code stays readable.
 */
export const wrap = (text: string, width: number): ReadonlyArray<string> =>
  text.split("\n").flatMap((paragraph) => {
    const line = paragraph.replace(/\t/g, "  ").trimEnd()
    const indent = /^ */.exec(line)![0].slice(0, Math.max(0, width - 8))
    return breakParagraph(line.slice(indent.length), Math.max(1, width - indent.length)).map((part) => indent + part)
  })

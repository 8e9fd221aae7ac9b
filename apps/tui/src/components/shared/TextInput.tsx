/**
 * One line of text as a field shows it: the value with a block cursor when focused, a dim placeholder when empty,
 * and bullets instead of characters for secrets. Editing happens in the screen's reducer (`TextEdit`); this only
 * renders, and keeps the cursor in view when the value is wider than the field.
 */
import { Text } from "ink"
import type { TextValue } from "../../keys/TextEdit"
import { displayWidth, graphemes } from "../../text/graphemes"
import { colourless, theme } from "../../theme/Theme"

export interface TextInputProps {
  readonly value: TextValue
  readonly focused: boolean
  readonly placeholder?: string
  /** Show `•` for every character (API keys). */
  readonly masked?: boolean
  /** Show `•` from this index on (a credential header's value after its name). */
  readonly maskFrom?: number | undefined
  /** Columns available; longer values scroll so the cursor stays visible. */
  readonly width?: number
}

/**
 * The part of `text` to show in `width` columns with the cursor visible: from as far left as still shows the cursor
 * (one column for it at the end), then as much as fits after it. Measured in columns, so emoji and CJK (two each)
 * never push the line past the field.
 */
export const visibleSlice = (text: string, cursor: number, width: number): { text: string; cursor: number } => {
  if (displayWidth(text) < width) return { text, cursor }
  const cells = graphemes(text)
  const at = cells.findIndex((g) => g.index >= cursor)
  const last = at === -1 ? cells.length : at
  let used = cells[last]?.width ?? 1
  let first = last
  while (first > 0 && used + cells[first - 1]!.width <= width) used += cells[--first]!.width
  let end = last + 1
  while (end < cells.length && used + cells[end]!.width <= width) used += cells[end++]!.width
  const start = cells[first]?.index ?? text.length
  const stop = cells[end]?.index ?? text.length
  return { text: text.slice(start, stop), cursor: cursor - start }
}

export const TextInput = ({ value, focused, placeholder, masked = false, maskFrom, width = 60 }: TextInputProps) => {
  const from = masked ? 0 : (maskFrom ?? value.text.length)
  const shown = value.text.slice(0, from) + "•".repeat(Math.max(0, value.text.length - from))
  if (shown === "" && !focused)
    return (
      <Text color={theme.muted} dimColor={colourless}>
        {placeholder ?? ""}
      </Text>
    )
  if (!focused) return <Text wrap="truncate">{visibleSlice(shown, 0, width).text}</Text>
  const view = visibleSlice(shown, value.cursor, width)
  const before = view.text.slice(0, view.cursor)
  const at = graphemes(view.text.slice(view.cursor))[0]?.text ?? ""
  const after = view.text.slice(view.cursor + at.length)
  return (
    <Text wrap="truncate">
      {before}
      <Text inverse>{at === "" ? " " : at}</Text>
      {after}
      {shown === "" && placeholder !== undefined ? (
        <Text color={theme.muted} dimColor={colourless}>
          {placeholder}
        </Text>
      ) : null}
    </Text>
  )
}

/**
 * One line of text as a field shows it: the value with a block cursor when focused, a dim placeholder when empty,
 * and bullets instead of characters for secrets. Editing happens in the screen's reducer (`TextEdit`); this only
 * renders, and keeps the cursor in view when the value is wider than the field.
 */
import { Text } from "ink"
import type { TextValue } from "../../keys/TextEdit"
import { theme } from "../../theme/Theme"

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

/** The part of `text` to show in `width` columns so that `cursor` is visible. */
export const visibleSlice = (text: string, cursor: number, width: number): { text: string; cursor: number } => {
  if (text.length < width) return { text, cursor }
  const start = Math.max(0, Math.min(cursor - width + 1, text.length - width + 1))
  return { text: text.slice(start, start + width), cursor: cursor - start }
}

export const TextInput = ({ value, focused, placeholder, masked = false, maskFrom, width = 60 }: TextInputProps) => {
  const from = masked ? 0 : (maskFrom ?? value.text.length)
  const shown = value.text.slice(0, from) + "•".repeat(Math.max(0, value.text.length - from))
  if (shown === "" && !focused) return <Text color={theme.muted}>{placeholder ?? ""}</Text>
  if (!focused) return <Text wrap="truncate">{visibleSlice(shown, 0, width).text}</Text>
  const view = visibleSlice(shown, value.cursor, width)
  const before = view.text.slice(0, view.cursor)
  const at = view.text.slice(view.cursor, view.cursor + 1)
  const after = view.text.slice(view.cursor + 1)
  return (
    <Text wrap="truncate">
      {before}
      <Text inverse>{at === "" ? " " : at}</Text>
      {after}
      {shown === "" && placeholder !== undefined ? <Text color={theme.muted}>{placeholder}</Text> : null}
    </Text>
  )
}

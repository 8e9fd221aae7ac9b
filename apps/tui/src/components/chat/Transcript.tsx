/**
 * The visible part of the conversation: the last lines that fit, or further up when scrolled.
 */
import { Box, Text } from "ink"
import { type ThemeColor, theme, tint } from "../../theme/Theme"
import type { Line, Tone } from "./transcriptLines"

const tones: Readonly<
  Record<Tone, { readonly color?: ThemeColor; readonly bold?: boolean; readonly inverse?: boolean }>
> = {
  label: { color: theme.accent, bold: true },
  selected: { color: theme.accent, bold: true, inverse: true },
  text: {},
  reasoning: { color: theme.reasoning },
  meta: { color: theme.muted },
  error: { color: theme.danger },
  warning: { color: theme.warning }
}

export const Transcript = ({
  lines,
  height,
  scroll
}: {
  readonly lines: ReadonlyArray<Line>
  readonly height: number
  readonly scroll: number
}) => {
  const offset = Math.min(scroll, Math.max(0, lines.length - height))
  const end = lines.length - offset
  const shown = lines.slice(Math.max(0, end - (offset > 0 ? height - 1 : height)), end)
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((line, i) => (
        <Text
          key={i}
          {...tint(tones[line.tone].color)}
          bold={tones[line.tone].bold ?? false}
          inverse={tones[line.tone].inverse ?? false}
          wrap="truncate"
        >
          {line.text === "" ? " " : line.text}
        </Text>
      ))}
      {offset > 0 ? <Text color={theme.muted}>↓ {offset} more lines (PgDn)</Text> : null}
    </Box>
  )
}

/**
 * One labelled row of a form: a label column, the field itself, and the field's problem underneath in words.
 */
import { Box, Text } from "ink"
import type { ReactNode } from "react"
import { theme, tint } from "../../theme/Theme"

export interface FieldProps {
  readonly label: string
  readonly focused: boolean
  readonly error?: string | undefined
  /** Dim text after the field (what it is for, whether it is optional). */
  readonly hint?: string | undefined
  readonly labelWidth?: number
  readonly children: ReactNode
}

export const Field = ({ label, focused, error, hint, labelWidth = 14, children }: FieldProps) => (
  <Box flexDirection="column">
    <Box>
      <Box width={labelWidth} flexShrink={0}>
        <Text {...tint(focused ? theme.accent : undefined)} bold={focused}>
          {focused ? "❯ " : "  "}
          {label}
        </Text>
      </Box>
      <Box flexGrow={1}>{children}</Box>
    </Box>
    {hint === undefined || error !== undefined ? null : (
      <Box marginLeft={labelWidth}>
        <Text color={theme.muted} wrap="truncate-end">
          {hint}
        </Text>
      </Box>
    )}
    {error === undefined ? null : (
      <Box marginLeft={labelWidth}>
        <Text color={theme.danger} wrap="wrap">
          ✗ {label} {error}
        </Text>
      </Box>
    )}
  </Box>
)

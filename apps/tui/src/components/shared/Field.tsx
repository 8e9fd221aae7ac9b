/**
 * One labelled row of a form: a label column, the field itself, and underneath either the field's problem or its
 * hint, in words and wrapped (never both: a problem replaces the hint until the value is edited).
 */
import { Box, Text } from "ink"
import type { ReactNode } from "react"
import type { Problem } from "../../runtime/Problem"
import { theme, tint } from "../../theme/Theme"

/**
 * A field's problem as a line under it. The core's checks say what the value must be ("must not be empty"), which
 * reads after the field's label; any other problem (a duplicate name, a failed request) is a sentence of its own.
 */
export const fieldProblem = (label: string, problem: Problem): string =>
  `✗ ${problem.tag === "InvalidInput" ? `${label} ${problem.message}` : problem.message}`

export interface FieldProps {
  readonly label: string
  readonly focused: boolean
  readonly error?: Problem | undefined
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
    {error !== undefined ? (
      <Box marginLeft={labelWidth}>
        <Text color={theme.danger} wrap="wrap">
          {fieldProblem(label, error)}
        </Text>
      </Box>
    ) : hint !== undefined ? (
      <Box marginLeft={labelWidth}>
        <Text color={theme.muted} wrap="wrap">
          {hint}
        </Text>
      </Box>
    ) : null}
  </Box>
)

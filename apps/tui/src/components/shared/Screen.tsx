/**
 * The frame every screen sits in, sized to the terminal: a title line, the screen's body (which gets whatever height
 * is left), one status line for the latest problem or notice, and the help bar.
 */
import { Box, Text } from "ink"
import type { ReactNode } from "react"
import type { CommandBar } from "../../keys/useCommands"
import type { Problem } from "../../runtime/Problem"
import { theme } from "../../theme/Theme"
import { HelpBar } from "./HelpBar"
import { ProblemText } from "./ProblemText"
import { useTerminalSize } from "./useTerminalSize"

export interface ScreenProps {
  readonly title: string
  /** Right of the title: a count, the chosen model, … */
  readonly aside?: string | undefined
  readonly commands: CommandBar
  readonly problem?: Problem | undefined
  readonly notice?: string | undefined
  readonly children: ReactNode
}

export const Screen = ({ title, aside, commands, problem, notice, children }: ScreenProps) => {
  const { columns, rows } = useTerminalSize()
  // One row short of the terminal: a frame as tall as the terminal makes Ink clear the whole screen on every render
  // (visible flicker); one row less keeps its line-by-line updates.
  return (
    <Box flexDirection="column" width={columns} height={Math.max(1, rows - 1)}>
      <Box justifyContent="space-between">
        <Text bold color={theme.accent} wrap="truncate">
          Switchboard · {title}
        </Text>
        {aside === undefined ? null : (
          <Text color={theme.muted} wrap="truncate">
            {aside}
          </Text>
        )}
      </Box>
      <Box flexDirection="column" flexGrow={1} overflow="hidden">
        {children}
      </Box>
      {problem !== undefined ? (
        <ProblemText problem={problem} />
      ) : notice !== undefined ? (
        <Text color={theme.success} wrap="wrap">
          {notice}
        </Text>
      ) : null}
      <HelpBar bar={commands} />
    </Box>
  )
}

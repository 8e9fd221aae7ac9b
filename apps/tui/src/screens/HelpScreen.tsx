/**
 * Every key, from the keybinding table, grouped by where it works (`?` from any screen outside a text field).
 */
import { Box, Text } from "ink"
import { useState } from "react"
import { Screen } from "../components/shared/Screen"
import { useTerminalSize } from "../components/shared/useTerminalSize"
import { type Command, keybindings, sectionOf } from "../keys/Keybindings"
import { showKey } from "../keys/KeySpec"
import { useCommands } from "../keys/useCommands"
import { theme } from "../theme/Theme"

type Line = { readonly _tag: "Section"; readonly title: string } | { readonly _tag: "Key"; readonly command: Command }

/** The help text as lines: a heading per section, then its commands, in the table's order. */
export const helpLines = (): ReadonlyArray<Line> => {
  const lines: Array<Line> = []
  let section = ""
  for (const command of Object.keys(keybindings) as Array<Command>) {
    if (sectionOf(command) !== section) {
      section = sectionOf(command)
      lines.push({ _tag: "Section", title: section })
    }
    lines.push({ _tag: "Key", command })
  }
  return lines
}

export const HelpScreen = ({ onClose }: { readonly onClose: () => void }) => {
  const { rows } = useTerminalSize()
  const lines = helpLines()
  const height = Math.max(3, rows - 4)
  const last = Math.max(0, lines.length - height)
  const [top, setTop] = useState(0)
  const scroll = (by: number) => setTop((t) => Math.min(last, Math.max(0, t + by)))
  const commands = useCommands({
    "help.close": onClose,
    "list.up": () => scroll(-1),
    "list.down": () => scroll(1),
    "list.pageUp": () => scroll(-height),
    "list.pageDown": () => scroll(height),
    // Help is open already; `?` closes it through `help.close`.
    "app.help": undefined
  })
  const shown = lines.slice(top, top + height)
  return (
    <Screen
      title="Keys"
      aside={`lines ${top + 1}–${Math.min(lines.length, top + height)} of ${lines.length}`}
      commands={commands}
    >
      {shown.map((line) =>
        line._tag === "Section" ? (
          <Text key={`s-${line.title}`} bold color={theme.accent}>
            {line.title}
          </Text>
        ) : (
          <Box key={line.command}>
            <Box width={24}>
              <Text color={theme.key} wrap="truncate">
                {"  "}
                {keybindings[line.command].keys.map(showKey).join(", ")}
              </Text>
            </Box>
            <Text wrap="truncate">{keybindings[line.command].description}</Text>
          </Box>
        )
      )}
    </Screen>
  )
}

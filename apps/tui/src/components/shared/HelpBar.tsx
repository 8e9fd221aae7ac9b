/**
 * The bottom line of every screen: the keys that work right now, straight from the keybinding table. Commands that
 * share a hint (move up / move down) share one entry, so the bar stays short enough for 80 columns.
 */
import { Box, Text } from "ink"
import { type Command, keybindings } from "../../keys/Keybindings"
import { isPrintable, showKey } from "../../keys/KeySpec"
import type { CommandBar } from "../../keys/useCommands"
import { theme } from "../../theme/Theme"

interface Entry {
  readonly keys: string
  readonly hint: string
}

/**
 * The bar's entries: one per distinct hint, with the first key of each command that has it — the first that works
 * while typing, when `typing` (so the chat's bar says ctrl+g, not ?).
 */
export const helpEntries = (commands: ReadonlyArray<Command>, typing = false): ReadonlyArray<Entry> => {
  const byHint = new Map<string, Array<string>>()
  for (const command of commands) {
    const binding: { readonly keys: ReadonlyArray<string>; readonly hint?: string } = keybindings[command]
    if (binding.hint === undefined) continue
    const usable = typing ? binding.keys.filter((k) => !isPrintable(k)) : binding.keys
    if (usable.length === 0) continue
    const keys = byHint.get(binding.hint) ?? []
    const key = showKey(usable[0]!)
    if (!keys.includes(key)) keys.push(key)
    byHint.set(binding.hint, keys)
  }
  return [...byHint].map(([hint, keys]) => ({
    hint,
    keys: keys.join(keys.every((k) => "↑↓←→".includes(k)) ? "" : "/")
  }))
}

export const HelpBar = ({ bar }: { readonly bar: CommandBar }) => (
  <Box flexWrap="wrap" columnGap={2}>
    {helpEntries(bar.commands, bar.typing).map((entry) => (
      <Text key={entry.hint} wrap="truncate">
        <Text color={theme.key} bold>
          {entry.keys}
        </Text>{" "}
        <Text color={theme.muted}>{entry.hint}</Text>
      </Text>
    ))}
  </Box>
)

/**
 * The bottom line of every screen: the keys that work right now, straight from the keybinding table. Commands that
 * share a hint (move up / move down) share one entry, so the bar stays short enough for 80 columns.
 */
import { Box, Text } from "ink"
import { type Command, keybindings } from "../../keys/Keybindings"
import { showKey } from "../../keys/KeySpec"
import { theme } from "../../theme/Theme"

interface Entry {
  readonly keys: string
  readonly hint: string
}

/** The bar's entries: one per distinct hint, with the first key of each command that has it. */
export const helpEntries = (commands: ReadonlyArray<Command>): ReadonlyArray<Entry> => {
  const byHint = new Map<string, Array<string>>()
  for (const command of commands) {
    const binding: { readonly keys: ReadonlyArray<string>; readonly hint?: string } = keybindings[command]
    if (binding.hint === undefined) continue
    const keys = byHint.get(binding.hint) ?? []
    const key = showKey(binding.keys[0]!)
    if (!keys.includes(key)) keys.push(key)
    byHint.set(binding.hint, keys)
  }
  return [...byHint].map(([hint, keys]) => ({ hint, keys: keys.join(keys.every((k) => k.length === 1) ? "" : "/") }))
}

export const HelpBar = ({ commands }: { readonly commands: ReadonlyArray<Command> }) => (
  <Box flexWrap="wrap" columnGap={2}>
    {helpEntries(commands).map((entry) => (
      <Text key={entry.hint} wrap="truncate">
        <Text color={theme.key} bold>
          {entry.keys}
        </Text>{" "}
        <Text color={theme.muted}>{entry.hint}</Text>
      </Text>
    ))}
  </Box>
)

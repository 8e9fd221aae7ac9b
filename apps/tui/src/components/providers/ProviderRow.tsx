/**
 * One provider in the list: selection marker, on/off mark, name, type, key state and model count, in fixed columns
 * that fit 80 columns.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import { providerTypeLabels } from "@switchboard/core/domain/ProviderTypes"
import { Box, Text } from "ink"
import { plural } from "../../text/plural"
import { theme, tint } from "../../theme/Theme"
import type { KeyState } from "./keyState"

const keyColor = { none: theme.muted, masked: undefined, verified: theme.success, failed: theme.danger } as const

export const ProviderRow = ({
  provider,
  keys,
  selected
}: {
  readonly provider: Provider
  readonly keys: KeyState
  readonly selected: boolean
}) => (
  <Box>
    <Box width={2}>
      <Text color={theme.accent}>{selected ? "❯" : " "}</Text>
    </Box>
    <Box width={6}>
      <Text color={provider.enabled ? theme.success : theme.muted}>{provider.enabled ? "● on" : "○ off"}</Text>
    </Box>
    <Box width={24}>
      <Text bold={selected} wrap="truncate">
        {provider.name}
      </Text>
    </Box>
    <Box width={14}>
      <Text color={theme.muted} wrap="truncate">
        {providerTypeLabels[provider.type]}
      </Text>
    </Box>
    <Box width={22}>
      <Text {...tint(keyColor[keys.kind])} wrap="truncate">
        {keys.label}
      </Text>
    </Box>
    <Text color={theme.muted} wrap="truncate">
      {plural(provider.models.length, "model")}
    </Text>
  </Box>
)

/** The column titles above the rows, aligned with them. */
export const ProviderHeader = () => (
  <Box>
    <Box width={8} />
    <Box width={24}>
      <Text color={theme.muted}>NAME</Text>
    </Box>
    <Box width={14}>
      <Text color={theme.muted}>TYPE</Text>
    </Box>
    <Box width={22}>
      <Text color={theme.muted}>KEYS</Text>
    </Box>
    <Text color={theme.muted}>MODELS</Text>
  </Box>
)

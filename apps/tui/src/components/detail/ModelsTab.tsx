/**
 * The models tab: each registered model's id (as the provider spells it), display name, group and capabilities, and
 * the input for adding ids by hand.
 */
import type { Capabilities } from "@switchboard/core/domain/ModelCapabilities"
import type { Provider } from "@switchboard/core/domain/Provider"
import { Box, Text } from "ink"
import type { Editing } from "../../state/DetailState"
import { theme } from "../../theme/Theme"
import { ScrollList } from "../shared/ScrollList"
import { EditLine } from "./EditLine"

const capabilityWords: Readonly<Record<keyof Capabilities, string>> = {
  vision: "vision",
  reasoning: "reasoning",
  tools: "tools",
  embedding: "embedding",
  webSearch: "web"
}

/** The capabilities a model has, as words. */
export const capabilityList = (capabilities: Capabilities): string =>
  (Object.keys(capabilityWords) as Array<keyof Capabilities>)
    .filter((c) => capabilities[c])
    .map((c) => capabilityWords[c])
    .join(" ")

export const ModelsTab = ({
  provider,
  row,
  editing,
  height
}: {
  readonly provider: Provider
  readonly row: number
  readonly editing: Editing | undefined
  readonly height: number
}) => (
  <Box flexDirection="column">
    <ScrollList
      items={provider.models}
      selected={editing === undefined ? row : -1}
      height={height - (editing === undefined ? 0 : 3)}
      empty={<Text color={theme.muted}>No models yet. n adds ids by hand; f fetches the provider's list.</Text>}
      render={(model, _, selected) => (
        <Box key={model.id}>
          <Box width={40}>
            <Text wrap="truncate-end">
              <Text color={theme.accent}>{selected ? "❯ " : "  "}</Text>
              <Text bold={selected}>{model.id}</Text>
              {model.name === model.id ? null : <Text color={theme.muted}> “{model.name}”</Text>}
            </Text>
          </Box>
          <Box width={16}>
            <Text color={theme.muted} wrap="truncate-end">
              {model.group}
            </Text>
          </Box>
          <Text color={theme.reasoning} wrap="truncate-end">
            {capabilityList(model.capabilities)}
          </Text>
        </Box>
      )}
    />
    {editing?.target._tag === "AddModels" ? (
      <EditLine
        label="Model ids"
        editing={editing}
        placeholder="gpt2 meta-llama/Llama-3.1-8B-Instruct"
        hint="several at once: separate them with spaces or commas"
      />
    ) : null}
  </Box>
)

/**
 * The models tab: each registered model's id (as the provider spells it), display name, group and capabilities, its
 * last check (every key's result, by any frontend) and whether it is gone upstream or deprecated; under the list,
 * the selected model's facts with their sources and when and how each key last fared; and the input for adding ids
 * by hand.
 */
import type { Capabilities } from "@switchboard/core/domain/ModelCapabilities"
import type { ModelCheck } from "@switchboard/core/domain/ModelCheck"
import { modelFacts } from "@switchboard/core/domain/ModelFacts"
import type { Provider } from "@switchboard/core/domain/Provider"
import { Box, Text } from "ink"
import type { Editing } from "../../state/DetailState"
import { theme } from "../../theme/Theme"
import { ScrollList } from "../shared/ScrollList"
import { EditLine } from "./EditLine"
import { ModelFacts } from "./ModelFacts"

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

/**
 * A model's last check in a few columns: `✓ 3/3` when every key passed, `✗ 0/3 NotFound` when none did (with the
 * reason when every key failed for the same one), `2/3 ok` in between; empty when it was never checked.
 */
export const checkSummary = (
  checks: ReadonlyArray<ModelCheck>
): { readonly text: string; readonly tone: "success" | "danger" | "warning" } | undefined => {
  if (checks.length === 0) return undefined
  const passed = checks.filter((c) => c.result.ok).length
  const ratio = `${passed}/${checks.length}`
  if (passed === checks.length) return { text: `✓ ${ratio}`, tone: "success" }
  if (passed === 0) {
    const reasons = new Set(checks.map((c) => c.result.reason))
    const reason = reasons.size === 1 ? ` ${[...reasons][0] ?? ""}` : ""
    return { text: `✗ ${ratio}${reason}`.trimEnd(), tone: "danger" }
  }
  return { text: `${ratio} ok`, tone: "warning" }
}

/** Rows under the list: the selected model's facts (up to two lines wrapped), then its last check per key. */
const factsRows = 3

/** When and how each key last fared with one model: `checked 12/7/2026, 13:05: sk-…1111 ok · sk-…2222 Authentication`. */
const lastCheckText = (checks: ReadonlyArray<ModelCheck>): string => {
  const latest = Math.max(...checks.map((c) => c.checkedAt.epochMillis))
  const results = checks.map((c) => `${c.result.key ?? "no key"} ${c.result.ok ? "ok" : (c.result.reason ?? "failed")}`)
  return `checked ${new Date(latest).toLocaleString()}: ${results.join(" · ")}`
}

export const ModelsTab = ({
  provider,
  checks,
  row,
  editing,
  height
}: {
  readonly provider: Provider
  readonly checks: ReadonlyArray<ModelCheck>
  readonly row: number
  readonly editing: Editing | undefined
  readonly height: number
}) => {
  const selected = provider.models[row]
  const selectedChecks = checks.filter((c) => c.modelId === selected?.id)
  return (
    <Box flexDirection="column">
      <ScrollList
        items={provider.models}
        selected={editing === undefined ? row : -1}
        height={height - (editing === undefined ? (selected === undefined ? 0 : factsRows) : 3)}
        empty={<Text color={theme.muted}>No models yet. n adds ids by hand; f fetches the provider's list.</Text>}
        render={(model, _, selected) => {
          const summary = checkSummary(checks.filter((c) => c.modelId === model.id))
          return (
            <Box key={model.id}>
              <Box width={38} paddingRight={1}>
                <Text wrap="truncate-end">
                  <Text color={theme.accent}>{selected ? "❯ " : "  "}</Text>
                  <Text bold={selected} strikethrough={model.goneAt !== undefined}>
                    {model.id}
                  </Text>
                  {model.name === model.id ? null : <Text color={theme.muted}> “{model.name}”</Text>}
                </Text>
              </Box>
              <Box width={14}>
                <Text color={theme.muted} wrap="truncate-end">
                  {model.group}
                </Text>
              </Box>
              <Box width={14}>
                <Text wrap="truncate-end">
                  {model.goneAt !== undefined ? (
                    <Text color={theme.danger}>gone </Text>
                  ) : model.catalog?.deprecated === true ? (
                    <Text color={theme.warning}>deprecated </Text>
                  ) : null}
                  {summary === undefined ? null : <Text color={theme[summary.tone]}>{summary.text}</Text>}
                </Text>
              </Box>
              <Text color={theme.reasoning} wrap="truncate-end">
                {capabilityList(model.capabilities)}
              </Text>
            </Box>
          )
        }}
      />
      {selected === undefined || editing !== undefined ? null : (
        <Box height={factsRows} overflow="hidden" flexDirection="column">
          <ModelFacts facts={modelFacts(selected)} />
          {selectedChecks.length === 0 ? null : (
            <Text color={theme.muted} wrap="truncate-end">
              {lastCheckText(selectedChecks)}
            </Text>
          )}
        </Box>
      )}
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
}

/**
 * Editing one model: name, group, capabilities, context window, output limit and prices. Every value says where it
 * comes from: a capability is yours or as the catalog or the id suggest; an empty number or price shows, dimmed, the
 * value that applies instead and its source (the catalog, the provider's list).
 */
import { capabilities, capabilityLabels } from "@switchboard/core/domain/ProviderTypes"
import { Box, Text } from "ink"
import { editorRows, type EditorRow, type ModelEditorState, type TextRow } from "../../state/ModelEditorState"
import { theme } from "../../theme/Theme"
import { Field } from "../shared/Field"
import { TextInput } from "../shared/TextInput"
import { sourceLabels, tokens } from "./ModelFacts"

const labels: Readonly<Record<TextRow, string>> = {
  name: "Name",
  group: "Group",
  contextWindow: "Context window",
  maxOutputTokens: "Max output",
  currency: "Currency",
  input: "Input price",
  output: "Output price"
}

export const ModelEditor = ({ state }: { readonly state: ModelEditorState }) => {
  const focused = editorRows[state.focus]
  const errorOf = (row: EditorRow) => (state.error?.row === row ? state.error.problem : undefined)
  const { fallback } = state
  const price = fallback.pricing
  /** What applies while a row is empty, as its placeholder. */
  const placeholders: Readonly<Record<TextRow, string | undefined>> = {
    name: undefined,
    group: undefined,
    contextWindow:
      fallback.contextWindow === undefined
        ? "unknown: type the tokens"
        : `${tokens(fallback.contextWindow.value)} (${sourceLabels[fallback.contextWindow.source]})`,
    maxOutputTokens:
      fallback.maxOutputTokens === undefined
        ? "unknown: type the tokens"
        : `${tokens(fallback.maxOutputTokens.value)} (${sourceLabels[fallback.maxOutputTokens.source]})`,
    currency: price === undefined ? "USD" : `${price.value.currency} (${sourceLabels[price.source]})`,
    input:
      price?.value.input === undefined ? "per million tokens" : `${price.value.input} (${sourceLabels[price.source]})`,
    output:
      price?.value.output === undefined ? "per million tokens" : `${price.value.output} (${sourceLabels[price.source]})`
  }
  const textRow = (row: TextRow) => (
    <Field key={row} label={labels[row]} focused={focused === row} error={errorOf(row)} labelWidth={18}>
      <TextInput value={state[row]} focused={focused === row} placeholder={placeholders[row] ?? ""} />
    </Field>
  )
  return (
    <Box flexDirection="column">
      <Text bold>
        Model <Text color={theme.accent}>{state.modelId}</Text>
      </Text>
      {textRow("name")}
      {textRow("group")}
      {capabilities.map((capability) => {
        const override = state.overrides[capability]
        const suggested = fallback.capabilities[capability]
        const value = override ?? suggested.value
        return (
          <Field
            key={capability}
            label={capabilityLabels[capability]}
            focused={focused === capability}
            error={errorOf(capability)}
            labelWidth={18}
          >
            <Text>
              <Text color={value ? theme.success : theme.muted}>{value ? "yes" : "no"}</Text>
              <Text color={theme.muted}>
                {override === null ? `  (${sourceLabels[suggested.source]})` : "  (set by you)"}
              </Text>
            </Text>
          </Field>
        )
      })}
      {textRow("contextWindow")}
      {textRow("maxOutputTokens")}
      {textRow("currency")}
      {textRow("input")}
      {textRow("output")}
    </Box>
  )
}

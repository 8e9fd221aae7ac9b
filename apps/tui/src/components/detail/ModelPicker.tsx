/**
 * The fetched model list to pick from: search, marks, and which models the provider already has.
 */
import { Box, Text } from "ink"
import { type ModelPickerState, visibleModels } from "../../state/ModelPickerState"
import { plural } from "../../text/plural"
import { theme } from "../../theme/Theme"
import { ScrollList } from "../shared/ScrollList"
import { TextInput } from "../shared/TextInput"

export const ModelPicker = ({ state, height }: { readonly state: ModelPickerState; readonly height: number }) => {
  const visible = visibleModels(state)
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>Fetched {plural(state.models.length, "model")}</Text>
        <Text color={theme.muted}> · {state.marked.size} marked · search: </Text>
        {state.searching || state.query.text !== "" ? (
          <TextInput value={state.query} focused={state.searching} />
        ) : (
          <Text color={theme.muted}>/ to type</Text>
        )}
      </Text>
      <ScrollList
        items={visible}
        selected={state.index}
        height={height - 1}
        empty={<Text color={theme.muted}>No fetched model matches the search.</Text>}
        render={(model, _, selected) => {
          const existing = state.existing.has(model.id)
          const marked = state.marked.has(model.id)
          return (
            <Text key={model.id} wrap="truncate-end">
              <Text color={theme.accent}>{selected ? "❯ " : "  "}</Text>
              <Text color={existing ? theme.muted : marked ? theme.success : theme.muted}>
                {existing ? "[=] " : marked ? "[x] " : "[ ] "}
              </Text>
              <Text bold={selected} {...(existing ? { color: theme.muted } : {})}>
                {model.id}
              </Text>
              <Text color={theme.muted}>
                {model.displayName === undefined || model.displayName === model.id ? "" : `  ${model.displayName}`}
                {model.contextLength === undefined ? "" : `  ${model.contextLength} ctx`}
                {existing ? "  (added)" : ""}
              </Text>
            </Text>
          )
        }}
      />
    </Box>
  )
}

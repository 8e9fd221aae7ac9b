/**
 * Editing one model: name, group and capabilities. A capability shows where its value comes from: inferred from the
 * id, or set by the user (which wins).
 */
import { capabilities, capabilityLabels } from "@switchboard/core/domain/ProviderTypes"
import { Box, Text } from "ink"
import { editorRows, type ModelEditorState } from "../../state/ModelEditorState"
import { theme } from "../../theme/Theme"
import { Field } from "../shared/Field"
import { TextInput } from "../shared/TextInput"

export const ModelEditor = ({ state }: { readonly state: ModelEditorState }) => {
  const focused = editorRows[state.focus]
  const errorOf = (row: string) => (state.error?.row === row ? state.error.problem : undefined)
  return (
    <Box flexDirection="column">
      <Text bold>
        Model <Text color={theme.accent}>{state.modelId}</Text>
      </Text>
      <Field label="Name" focused={focused === "name"} error={errorOf("name")} labelWidth={16}>
        <TextInput value={state.name} focused={focused === "name"} />
      </Field>
      <Field label="Group" focused={focused === "group"} error={errorOf("group")} labelWidth={16}>
        <TextInput value={state.group} focused={focused === "group"} />
      </Field>
      {capabilities.map((capability) => {
        const override = state.overrides[capability]
        const value = override ?? state.inferred[capability]
        return (
          <Field
            key={capability}
            label={capabilityLabels[capability]}
            focused={focused === capability}
            error={errorOf(capability)}
            labelWidth={16}
          >
            <Text>
              <Text color={value ? theme.success : theme.muted}>{value ? "yes" : "no"}</Text>
              <Text color={theme.muted}>{override === null ? "  (inferred from the id)" : "  (set by you)"}</Text>
            </Text>
          </Field>
        )
      })}
    </Box>
  )
}

/**
 * The conversation's settings as a form over the transcript: title, system prompt, temperature, max tokens.
 */
import { Box, Text } from "ink"
import { type ConversationFormState, focusedField, formLabels } from "../../state/ConversationFormState"
import { theme } from "../../theme/Theme"
import { Field } from "../shared/Field"
import { TextInput } from "../shared/TextInput"

const hints = {
  title: undefined,
  systemPrompt: "sent in front of every turn; empty: none",
  temperature: "0 to 2; empty: the model's default",
  maxTokens: "the longest answer, in tokens; empty: the model's default"
} as const

export const ConversationForm = ({
  state,
  width
}: {
  readonly state: ConversationFormState
  readonly width: number
}) => {
  const focused = focusedField(state)
  return (
    <Box flexDirection="column">
      <Text bold color={theme.accent}>
        Conversation settings
        <Text color={theme.muted}>{state.title === undefined ? " · for the conversation you start next" : ""}</Text>
      </Text>
      {state.fields.map((field) => (
        <Field
          key={field}
          label={formLabels[field]}
          focused={field === focused}
          error={state.error?.field === field ? state.error.problem : undefined}
          hint={field === focused ? hints[field] : undefined}
          labelWidth={16}
        >
          <TextInput
            value={state.text[field]}
            focused={field === focused}
            width={Math.max(10, width - 18)}
            placeholder={field === "title" ? "" : "(default)"}
          />
        </Field>
      ))}
    </Box>
  )
}

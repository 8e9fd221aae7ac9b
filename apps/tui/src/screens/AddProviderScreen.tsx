/**
 * Add a provider: a name, its id (shown as the name is typed, and editable), a protocol type or a preset (←/→ through the list), the base URL with the URLs it
 * resolves to shown as you type, the api version for Azure, and an optional first key (typed masked). The core
 * validates; its problems show under the field they are about. On success the new provider's detail opens, ready
 * for Verify and models.
 */
import { defaultAzureApiVersion } from "@switchboard/core/BaseUrl"
import type { Provider } from "@switchboard/core/domain/Provider"
import { providerTypeLabels, providerTypes } from "@switchboard/core/domain/ProviderTypes"
import { Box, Text } from "ink"
import { useReducer } from "react"
import { ResolvedUrls } from "../components/providers/ResolvedUrls"
import { Field } from "../components/shared/Field"
import { Screen } from "../components/shared/Screen"
import { Spinner } from "../components/shared/Spinner"
import { TextInput } from "../components/shared/TextInput"
import { editText } from "../keys/TextEdit"
import { useCommands } from "../keys/useCommands"
import { useBridge } from "../runtime/BridgeContext"
import { providers } from "../runtime/Core"
import {
  addProviderReducer,
  currentKind,
  initialAddProvider,
  kinds,
  newProviderInput,
  type TextFieldName,
  typeOfKind
} from "../state/AddProviderState"
import { useNavigation } from "../state/Navigation"
import { theme } from "../theme/Theme"

export const AddProviderScreen = () => {
  const bridge = useBridge()
  const navigate = useNavigation()
  const [state, dispatch] = useReducer(addProviderReducer, initialAddProvider)
  const kind = currentKind(state)
  const type = typeOfKind(kind)
  const focusedText: TextFieldName | undefined = state.focus === "kind" ? undefined : state.focus

  const submit = async () => {
    if (state.submitting) return
    dispatch({ _tag: "Submitting" })
    const outcome = await bridge.run(providers((p) => p.add(newProviderInput(state))))
    if (!outcome.ok) return dispatch({ _tag: "Failed", problem: outcome.problem })
    const added: Provider = outcome.value
    navigate({ _tag: "Replace", route: { screen: "detail", providerId: added.id } })
  }

  const commands = useCommands(
    {
      "form.next": () => dispatch({ _tag: "Focus", by: 1 }),
      "form.prev": () => dispatch({ _tag: "Focus", by: -1 }),
      ...(state.focus === "kind"
        ? {
            "form.choicePrev": () => dispatch({ _tag: "ChooseKind", by: -1 }),
            "form.choiceNext": () => dispatch({ _tag: "ChooseKind", by: 1 })
          }
        : {}),
      "add.submit": () => void submit(),
      "form.back": () => navigate({ _tag: "Back" })
    },
    {
      text:
        focusedText === undefined
          ? undefined
          : (input, key) =>
              dispatch({ _tag: "Edit", field: focusedText, value: editText(state.text[focusedText], input, key) })
    }
  )

  const baseUrl =
    state.text.baseUrl.text.trim() !== "" ? state.text.baseUrl.text : kind._tag === "Preset" ? kind.preset.baseUrl : ""
  const apiVersion = state.text.apiVersion.text.trim()
  const field = (name: TextFieldName) => ({ focused: state.focus === name, error: state.errors[name] })

  return (
    <Screen title="Add provider" commands={commands} problem={state.problem}>
      <Box flexDirection="column" marginTop={1}>
        <Field label="Name" {...field("name")}>
          <TextInput value={state.text.name} focused={state.focus === "name"} placeholder="e.g. My vLLM" />
        </Field>
        <Field
          label="Id"
          {...field("id")}
          hint={state.focus === "id" ? "what the CLI and the gateway call it (id/model); follows the name" : undefined}
        >
          <TextInput value={state.text.id} focused={state.focus === "id"} placeholder="from the name" />
        </Field>
        <Field
          label="Start from"
          focused={state.focus === "kind"}
          error={state.errors.kind}
          hint={`${state.kind + 1} of ${kinds.length}: the ${providerTypes.length} protocol types, then presets (←/→ to choose)`}
        >
          <Text>
            <Text color={theme.muted}>‹ </Text>
            <Text bold>{kind.label}</Text>
            <Text color={theme.muted}>
              {" ›  "}
              {kind._tag === "Preset" ? `preset · ${providerTypeLabels[type]} protocol` : "protocol type"}
            </Text>
          </Text>
        </Field>
        <Field label="Base URL" {...field("baseUrl")}>
          <TextInput
            value={state.text.baseUrl}
            focused={state.focus === "baseUrl"}
            placeholder={kind._tag === "Preset" ? kind.preset.baseUrl : "e.g. http://localhost:8000"}
          />
        </Field>
        {/* The live preview says what the URL resolves to, or what is wrong with it; after a refused submit the
            field's problem says it once, until the URL is edited. */}
        <Box marginLeft={14}>
          {state.errors.baseUrl !== undefined ? null : baseUrl === "" ? (
            <Text color={theme.muted}>The chat and models URLs show here as you type.</Text>
          ) : (
            <ResolvedUrls settings={{ type, baseUrl, ...(apiVersion === "" ? {} : { apiVersion }) }} />
          )}
        </Box>
        {type === "azure-openai" ? (
          <Field label="API version" {...field("apiVersion")} hint="2024-10-21, or v1 for the v1 API">
            <TextInput
              value={state.text.apiVersion}
              focused={state.focus === "apiVersion"}
              placeholder={defaultAzureApiVersion}
            />
          </Field>
        ) : null}
        <Field
          label="API key"
          {...field("apiKey")}
          hint={
            kind._tag === "Preset" && kind.preset.keyless
              ? "optional: local servers usually need none"
              : "optional now; add more keys later"
          }
        >
          <TextInput value={state.text.apiKey} focused={state.focus === "apiKey"} masked placeholder="(none)" />
        </Field>
        <Box marginTop={1}>
          {state.submitting ? (
            <Spinner label="Adding…" />
          ) : (
            <Text color={theme.muted}>Enter adds the provider; then verify it and add models.</Text>
          )}
        </Box>
      </Box>
    </Screen>
  )
}

/**
 * The Settings tab: name, on/off, type (chosen with ←/→), base URL (with the chat and models URLs it resolves to, live while the URL
 * or the api version is being typed), the api version for Azure, and the timeouts.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import { type ProviderType, providerTypeLabels } from "@switchboard/core/domain/ProviderTypes"
import { Box, Text } from "ink"
import type { Editing, Setting } from "../../state/DetailState"
import { settingRows } from "../../state/DetailState"
import { settingLabels, settingText, typedBaseUrl } from "../../state/SettingPatch"
import { untrusted } from "../../runtime/untrusted"
import { theme } from "../../theme/Theme"
import { ResolvedUrls } from "../providers/ResolvedUrls"
import { Field } from "../shared/Field"
import { TextInput } from "../shared/TextInput"

export interface SettingsTabProps {
  readonly provider: Provider
  readonly row: number
  readonly editing: Editing | undefined
}

const hints: Partial<Record<Setting, string>> = {
  firstByteMs: "how long to wait for the first byte of an answer",
  idleMs: "longest silence between two chunks of an answer",
  verifyMs: "hard limit of one Verify check",
  maxRetries: "retries on 429/5xx/network errors, before any output"
}

export const SettingsTab = ({ provider, row, editing }: SettingsTabProps) => {
  const rows = settingRows(provider)
  const editingSetting = editing?.target._tag === "Setting" ? editing.target.setting : undefined
  const typed = (setting: Setting) =>
    editing !== undefined && editingSetting === setting ? editing.value.text : settingText(provider, setting)
  const choosingType = editing?.target._tag === "Type"
  // While the type is being chosen, the URLs show what the chosen one would call.
  const type = choosingType ? untrusted<ProviderType>(editing.value.text) : provider.type
  const apiVersion = type === "azure-openai" ? typed("apiVersion").trim() : ""
  return (
    <Box flexDirection="column">
      {rows.map((setting, index) => {
        const focused = index === row
        const label = settingLabels[setting]
        if (setting === "enabled")
          return (
            <Field key={setting} label={label} focused={focused} labelWidth={18}>
              <Text color={provider.enabled ? theme.success : theme.muted}>{provider.enabled ? "● on" : "○ off"}</Text>
            </Field>
          )
        if (setting === "type")
          return (
            <Field
              key={setting}
              label={label}
              focused={focused}
              labelWidth={18}
              hint={choosingType ? "←/→ to choose; the URLs below follow, enter saves" : undefined}
            >
              {choosingType ? (
                <Text>
                  <Text color={theme.muted}>‹ </Text>
                  <Text bold>{providerTypeLabels[type]}</Text>
                  <Text color={theme.muted}> ›</Text>
                </Text>
              ) : (
                <Text>{providerTypeLabels[provider.type]}</Text>
              )}
            </Field>
          )
        const isEditing = editing !== undefined && editingSetting === setting
        return (
          <Box key={setting} flexDirection="column">
            <Field
              label={label}
              focused={focused}
              labelWidth={18}
              error={isEditing ? editing.error : undefined}
              hint={focused && !isEditing ? hints[setting] : undefined}
            >
              {isEditing ? (
                <TextInput value={editing.value} focused />
              ) : (
                <Text wrap="truncate-middle">{settingText(provider, setting) || "(not set)"}</Text>
              )}
            </Field>
            {setting === "baseUrl" && !(isEditing && editing.error !== undefined) ? (
              <ResolvedUrls
                indent={4}
                model={provider.models[0]?.id}
                settings={{
                  type,
                  baseUrl: typedBaseUrl(typed("baseUrl"), provider),
                  ...(apiVersion === "" ? {} : { apiVersion })
                }}
              />
            ) : null}
          </Box>
        )
      })}
    </Box>
  )
}

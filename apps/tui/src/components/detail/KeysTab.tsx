/**
 * The API keys tab: every key masked (the plain key never reaches the screen), marks for removing several at once,
 * the masked input for a new or replacement key, and the last Verify report (from the store, with its time) or a spinner while one runs.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import type { LastVerify } from "@switchboard/core/domain/VerifyReport"
import { Box, Text } from "ink"
import type { Editing } from "../../state/DetailState"
import { theme } from "../../theme/Theme"
import { ScrollList } from "../shared/ScrollList"
import { Spinner } from "../shared/Spinner"
import { EditLine } from "./EditLine"
import { VerifyReportView } from "./VerifyReportView"

export interface KeysTabProps {
  readonly provider: Provider
  readonly row: number
  readonly marked: ReadonlySet<string>
  readonly editing: Editing | undefined
  readonly verifying: boolean
  readonly lastVerify: LastVerify | undefined
  readonly height: number
}

export const KeysTab = ({ provider, row, marked, editing, verifying, lastVerify, height }: KeysTabProps) => {
  const keyEditing = editing?.target._tag === "NewKey" || editing?.target._tag === "ReplaceKey" ? editing : undefined
  return (
    <Box flexDirection="column">
      <ScrollList
        items={provider.apiKeys}
        selected={keyEditing === undefined ? row : -1}
        height={Math.max(2, Math.min(provider.apiKeys.length, Math.floor(height / 3)))}
        empty={<Text color={theme.muted}>No keys: requests go without one (fine for vLLM, Ollama). n adds a key.</Text>}
        render={(key, index, selected) => (
          <Text key={key.id}>
            <Text color={theme.accent}>{selected ? "❯ " : "  "}</Text>
            <Text color={marked.has(key.id) ? theme.warning : theme.muted}>{marked.has(key.id) ? "[x] " : "[ ] "}</Text>
            <Text bold={selected}>{key.masked}</Text>
            <Text color={theme.muted}> key {index + 1}</Text>
          </Text>
        )}
      />
      {keyEditing === undefined ? null : (
        <EditLine
          label={keyEditing.target._tag === "ReplaceKey" ? `Replace ${keyEditing.target.masked}` : "New key"}
          editing={keyEditing}
          masked
          placeholder="paste the key"
        />
      )}
      <Box marginTop={1} flexDirection="column">
        {verifying ? (
          <Spinner label={`Verifying ${provider.apiKeys.length > 1 ? "every key" : "the provider"}…`} />
        ) : lastVerify === undefined ? (
          <Text color={theme.muted}>v checks every key against the provider (models list, else one token).</Text>
        ) : (
          <VerifyReportView lastVerify={lastVerify} />
        )}
      </Box>
    </Box>
  )
}

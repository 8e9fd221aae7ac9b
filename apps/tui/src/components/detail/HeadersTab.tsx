/**
 * The custom headers tab: headers sent with every request to this provider, and the input for a new one. Headers
 * that carry credentials (`Authorization`, `X-Api-Key`, …: the core decides) are masked like keys, on the list and
 * while their value is typed.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import { isSecretHeader, maskHeaderValue } from "@switchboard/core/domain/SecretHeaders"
import { Box, Text } from "ink"
import type { Editing } from "../../state/DetailState"
import { parseHeader } from "../../state/parseEntries"
import { theme } from "../../theme/Theme"
import { ScrollList } from "../shared/ScrollList"
import { EditLine } from "./EditLine"

export const HeadersTab = ({
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
      items={Object.entries(provider.headers)}
      selected={editing === undefined ? row : -1}
      height={height - 3}
      empty={<Text color={theme.muted}>No custom headers. n adds one, typed as Name: value.</Text>}
      render={([name, value], _, selected) => (
        <Text key={name} wrap="truncate-end">
          <Text color={theme.accent}>{selected ? "❯ " : "  "}</Text>
          <Text bold={selected}>{name}</Text>
          <Text color={theme.muted}>: </Text>
          {isSecretHeader(name) ? maskHeaderValue(value) : value}
        </Text>
      )}
    />
    {editing?.target._tag === "NewHeader" ? (
      <EditLine
        label="New header"
        editing={editing}
        placeholder="X-Name: value"
        maskFrom={secretValueStart(editing.value.text)}
      />
    ) : null}
  </Box>
)

/** Where a typed credential header's value starts, so only the value is masked; `undefined` for other headers. */
const secretValueStart = (text: string): number | undefined => {
  const header = parseHeader(text)
  return header !== undefined && isSecretHeader(header.name) ? text.indexOf(":") + 1 : undefined
}

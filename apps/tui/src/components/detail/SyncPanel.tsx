/**
 * The provider's list against the stored models, as the last sync found it: new upstream, no longer offered (now
 * marked gone, never deleted without asking), and unchanged. New and gone are listed; unchanged only counted past
 * what fits.
 */
import type { Model } from "@switchboard/core/domain/Model"
import type { SyncResult } from "@switchboard/core/Models"
import { Box, Text } from "ink"
import { theme } from "../../theme/Theme"

const Section = ({
  title,
  models,
  mark,
  colour,
  rows
}: {
  readonly title: string
  readonly models: ReadonlyArray<Model>
  readonly mark: string
  readonly colour: string
  readonly rows: number
}) => (
  <Box flexDirection="column">
    <Text bold>
      {title} <Text color={theme.muted}>({models.length})</Text>
    </Text>
    {models.slice(0, rows).map((model) => (
      <Text key={model.id} color={colour} wrap="truncate-end">
        {mark} {model.id}
        {model.catalog?.deprecated === true ? <Text color={theme.warning}> (deprecated)</Text> : null}
      </Text>
    ))}
    {models.length > rows ? <Text color={theme.muted}> … {models.length - rows} more</Text> : null}
  </Box>
)

export const SyncPanel = ({ sync, height }: { readonly sync: SyncResult; readonly height: number }) => {
  // Three headings; the new and the gone get the room first, the unchanged what is left.
  const room = Math.max(3, height - 3)
  const newRows = Math.min(sync.added.length, Math.max(1, Math.floor(room / 3)))
  const goneRows = Math.min(sync.gone.length, Math.max(1, Math.floor(room / 3)))
  const unchangedRows = Math.max(0, room - newRows - goneRows - 2)
  return (
    <Box flexDirection="column">
      <Section title="New upstream" models={sync.added} mark="+" colour={theme.success} rows={newRows} />
      <Section
        title="No longer offered (marked gone)"
        models={sync.gone}
        mark="-"
        colour={theme.danger}
        rows={goneRows}
      />
      <Section title="Unchanged" models={sync.unchanged} mark=" " colour={theme.muted} rows={unchangedRows} />
    </Box>
  )
}

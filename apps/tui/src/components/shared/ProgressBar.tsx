/**
 * A progress bar filling `width` terminal columns: the bar, then `done/total`. The count's columns are measured, so
 * the line never wraps whatever the digits.
 */
import { Text } from "ink"
import { displayWidth } from "../../text/graphemes"
import { theme } from "../../theme/Theme"

/** The bar's cells for `done` of `total` in `cells` columns: full ones, then empty ones. */
export const barCells = (done: number, total: number, cells: number): { full: number; empty: number } => {
  const size = Math.max(0, cells)
  const full = total <= 0 ? 0 : Math.min(size, Math.floor((done / total) * size))
  return { full, empty: size - full }
}

export const ProgressBar = ({
  done,
  total,
  width
}: {
  readonly done: number
  readonly total: number
  readonly width: number
}) => {
  const count = ` ${done}/${total}`
  const { full, empty } = barCells(done, total, width - displayWidth(count))
  return (
    <Text>
      <Text color={theme.accent}>{"█".repeat(full)}</Text>
      <Text color={theme.muted}>{"░".repeat(empty)}</Text>
      {count}
    </Text>
  )
}

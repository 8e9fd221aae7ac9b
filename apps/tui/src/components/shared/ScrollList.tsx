/**
 * A list that shows only the rows that fit, keeps the selected one in view and says how many are hidden above and
 * below. Rows render themselves; the list only picks which ones.
 */
import { Box, Text } from "ink"
import { Fragment, type ReactNode } from "react"
import { theme } from "../../theme/Theme"
import { visibleWindow } from "./visibleWindow"

export interface ScrollListProps<A> {
  readonly items: ReadonlyArray<A>
  readonly selected: number
  /** Rows available, including the two "more" lines when the list does not fit. */
  readonly height: number
  readonly empty?: ReactNode
  readonly render: (item: A, index: number, selected: boolean) => ReactNode
}

export const ScrollList = <A,>({ items, selected, height, empty, render }: ScrollListProps<A>) => {
  if (items.length === 0) return <>{empty ?? null}</>
  const fits = items.length <= height
  const { start, end } = visibleWindow(items.length, selected, fits ? height : height - 2)
  return (
    <Box flexDirection="column">
      {fits ? null : <Text color={theme.muted}>{start > 0 ? `  ↑ ${start} more` : " "}</Text>}
      {items.slice(start, end).map((item, i) => (
        <Fragment key={start + i}>{render(item, start + i, start + i === selected)}</Fragment>
      ))}
      {fits ? null : <Text color={theme.muted}>{end < items.length ? `  ↓ ${items.length - end} more` : " "}</Text>}
    </Box>
  )
}

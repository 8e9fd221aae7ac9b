/**
 * A list to pick one entry from, narrowed by typing: the search line on top, the matching entries below.
 */
import { Box, Text } from "ink"
import type { ReactNode } from "react"
import type { TextValue } from "../../keys/TextEdit"
import { theme } from "../../theme/Theme"
import { ScrollList } from "./ScrollList"
import { TextInput } from "./TextInput"

export interface SearchListProps<A> {
  readonly title: string
  readonly query: TextValue
  readonly items: ReadonlyArray<A>
  readonly index: number
  readonly height: number
  readonly empty: string
  readonly render: (item: A, selected: boolean) => ReactNode
}

export const SearchList = <A,>({ title, query, items, index, height, empty, render }: SearchListProps<A>) => (
  <Box flexDirection="column">
    <Text>
      <Text bold color={theme.accent}>
        {title}
      </Text>
      <Text color={theme.muted}> · search: </Text>
      <TextInput value={query} focused placeholder="type to narrow" />
    </Text>
    <ScrollList
      items={items}
      selected={index}
      height={height - 1}
      empty={<Text color={theme.muted}>{empty}</Text>}
      render={(item, _, selected) => (
        <Text wrap="truncate-end">
          <Text color={theme.accent}>{selected ? "❯ " : "  "}</Text>
          {render(item, selected)}
        </Text>
      )}
    />
  </Box>
)

/**
 * A row of tab names with the open one highlighted.
 */
import { Box, Text } from "ink"
import { theme } from "../../theme/Theme"

export const Tabs = <T extends string>({
  tabs,
  labels,
  current
}: {
  readonly tabs: ReadonlyArray<T>
  readonly labels: Readonly<Record<T, string>>
  readonly current: T
}) => (
  <Box columnGap={1}>
    {tabs.map((tab) =>
      tab === current ? (
        <Text key={tab} inverse bold color={theme.accent}>
          {` ${labels[tab]} `}
        </Text>
      ) : (
        <Text key={tab} color={theme.muted}>
          {` ${labels[tab]} `}
        </Text>
      )
    )}
  </Box>
)

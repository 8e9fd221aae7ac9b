/**
 * Chooses the screen: the route on top of the navigation stack, with the help screen over it when open. The screen
 * under the help stays mounted (hidden, hearing no keys), so a half-filled form survives a look at the keys.
 * Everything else (state, the core bridge, app-wide keys) is set up by `Root`.
 */
import { Box } from "ink"
import { KeyboardActive } from "./keys/useCommands"
import { AddProviderScreen } from "./screens/AddProviderScreen"
import { ChatScreen } from "./screens/ChatScreen"
import { HelpScreen } from "./screens/HelpScreen"
import { ProviderDetailScreen } from "./screens/ProviderDetailScreen"
import { ProvidersScreen } from "./screens/ProvidersScreen"
import type { Route } from "./state/Navigation"

export interface AppProps {
  readonly route: Route
  readonly help: boolean
  readonly onCloseHelp: () => void
}

const screenFor = (route: Route) => {
  switch (route.screen) {
    case "providers":
      return <ProvidersScreen />
    case "add":
      return <AddProviderScreen />
    case "detail":
      return <ProviderDetailScreen providerId={route.providerId} />
    case "chat":
      return <ChatScreen providerId={route.providerId} />
  }
}

export const App = ({ route, help, onCloseHelp }: AppProps) => (
  <>
    <KeyboardActive.Provider value={!help}>
      <Box display={help ? "none" : "flex"}>{screenFor(route)}</Box>
    </KeyboardActive.Provider>
    {help ? <HelpScreen onClose={onCloseHelp} /> : null}
  </>
)

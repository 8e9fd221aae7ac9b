/**
 * The TUI's root: owns the navigation, provides the core bridge and the app-wide keys (help, quit), and keeps a
 * rendering failure on one screen from ending the program. The open screens below
 * the top stay in the stack as routes only; each screen reloads what it shows from the core when it opens.
 */
import { useApp } from "ink"
import { useMemo, useReducer, useState } from "react"
import { App } from "./App"
import { ErrorBoundary } from "./components/shared/ErrorBoundary"
import { type Size, TerminalSize } from "./components/shared/useTerminalSize"
import { GlobalCommands, type Handlers, KeyboardListener, KeyRouter, KeyRouterContext } from "./keys/useCommands"
import type { Bridge } from "./runtime/Bridge"
import { BridgeProvider } from "./runtime/BridgeContext"
import { currentRoute, initialNavigation, Navigation, navigationReducer } from "./state/Navigation"

export interface RootProps {
  readonly bridge: Bridge
  /** A fixed terminal size (tests); the real terminal's otherwise. */
  readonly size?: Size
}

export const Root = ({ bridge, size }: RootProps) => {
  const { exit } = useApp()
  const [navigation, navigate] = useReducer(navigationReducer, initialNavigation)
  const global = useMemo<Handlers>(
    () => ({ "app.help": () => navigate({ _tag: "ToggleHelp" }), "app.quit": () => exit() }),
    [exit]
  )
  const [router] = useState(() => new KeyRouter())
  const route = currentRoute(navigation)
  return (
    <TerminalSize.Provider value={size}>
      <KeyRouterContext.Provider value={router}>
        <BridgeProvider bridge={bridge}>
          <Navigation.Provider value={navigate}>
            <GlobalCommands.Provider value={global}>
              <ErrorBoundary onReset={() => navigate({ _tag: "Home" })}>
                {/* A new key per stack depth: a screen opened again starts fresh and reloads from the core. */}
                <App
                  key={`${navigation.stack.length}:${route.screen}`}
                  route={route}
                  help={navigation.help}
                  onCloseHelp={() => navigate({ _tag: "ToggleHelp" })}
                />
              </ErrorBoundary>
            </GlobalCommands.Provider>
          </Navigation.Provider>
        </BridgeProvider>
        <KeyboardListener />
      </KeyRouterContext.Provider>
    </TerminalSize.Provider>
  )
}

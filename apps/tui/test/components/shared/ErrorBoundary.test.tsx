import { Text } from "ink"
import { useState } from "react"
import { afterEach, describe, expect, it } from "vitest"
import { ErrorBoundary } from "../../../src/components/shared/ErrorBoundary"
import { TerminalSize } from "../../../src/components/shared/useTerminalSize"
import { KeyboardListener, KeyRouter, KeyRouterContext } from "../../../src/keys/useCommands"
import { keys, renderTui, type Tui } from "../../support/renderTui"

let tui: Tui | undefined
afterEach(async () => {
  await tui?.dispose()
  tui = undefined
})

const Bomb = ({ armed }: { readonly armed: boolean }) => {
  if (armed) throw new Error("the row had no name")
  return <Text>All good</Text>
}

/** A screen that breaks on its first render, then renders fine once the boundary resets it. */
const Breaking = () => {
  const [armed, setArmed] = useState(true)
  const [router] = useState(() => new KeyRouter())
  return (
    <KeyRouterContext.Provider value={router}>
      <ErrorBoundary onReset={() => setArmed(false)}>
        <Bomb armed={armed} />
      </ErrorBoundary>
      <KeyboardListener />
    </KeyRouterContext.Provider>
  )
}

describe("ErrorBoundary", () => {
  it("shows a broken screen's message and a way back instead of crashing", async () => {
    tui = await renderTui({
      element: (_, size) => (
        <TerminalSize.Provider value={size}>
          <Breaking />
        </TerminalSize.Provider>
      )
    })
    const screen = await tui.waitFor("This screen failed: the row had no name")
    expect(screen).toContain("What is stored is unchanged. Press esc to go back to the providers.")
    await tui.press(keys.escape)
    await tui.waitFor("All good")
  })
})

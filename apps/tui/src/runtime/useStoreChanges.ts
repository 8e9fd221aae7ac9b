/**
 * Follows the store: `onChange` runs each time it changed — a write by the CLI, the server or the dashboard, or by
 * this process — so a screen re-reads what it shows and never shows a provider as on after the CLI switched it off.
 * The core checks its change signal every second (`ChangeSignal.changes`); the watch ends with the screen.
 */
import { changes } from "@switchboard/core/ChangeSignal"
import { Effect, Stream } from "effect"
import { useEffect, useRef } from "react"
import { useBridge } from "./BridgeContext"

export const useStoreChanges = (onChange: () => void): void => {
  const bridge = useBridge()
  // The latest callback, read when a change comes: the watch itself starts once per screen.
  const latest = useRef(onChange)
  latest.current = onChange
  useEffect(() => {
    const watch = bridge.fork(
      Stream.runForEach(changes(), () => Effect.sync(() => latest.current())),
      () => {}
    )
    return () => watch.cancel()
  }, [bridge])
}

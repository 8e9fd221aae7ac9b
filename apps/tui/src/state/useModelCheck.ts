/**
 * Runs the core's check of every model × key for the provider detail: the run is a forked fiber whose events become
 * `ModelCheckAction`s as they stream in, so stopping it interrupts the fiber, which aborts the upstream requests
 * still running. Leaving the screen stops it too.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import { Models } from "@switchboard/core/Models"
import { Effect, Stream } from "effect"
import { type Dispatch, useEffect, useRef } from "react"
import type { Running } from "../runtime/Bridge"
import { useBridge } from "../runtime/BridgeContext"
import { checkInput, fieldOfPath, type ModelCheckAction, type ModelCheckState } from "./ModelCheckState"

export const useModelCheck = (dispatch: Dispatch<ModelCheckAction>, onSettled: () => void) => {
  const bridge = useBridge()
  const running = useRef<Running | undefined>(undefined)
  useEffect(() => () => running.current?.cancel(), [])

  const start = (provider: Provider, state: ModelCheckState) => {
    const events = Stream.unwrap(Effect.map(Models, (m) => m.check(provider.id, checkInput(state, provider))))
    running.current = bridge.fork(
      Stream.runForEach(events, (event) =>
        Effect.sync(() => {
          switch (event._tag) {
            case "CheckStarted":
              return dispatch({ _tag: "Started", total: event.total })
            case "CheckProgress":
              return dispatch({ _tag: "Progress", check: event.check })
            case "CheckFinished":
              return dispatch({ _tag: "Finished", elapsedMs: event.elapsedMs })
          }
        })
      ),
      (outcome) => {
        running.current = undefined
        if (!outcome.ok) {
          const problem = outcome.problem
          dispatch(
            problem.tag === "Interrupted"
              ? { _tag: "Stopped" }
              : { _tag: "Rejected", field: fieldOfPath(problem.field ?? "key"), problem }
          )
        }
        // What was learnt is stored, even of a stopped run: the models tab reads it back.
        onSettled()
      }
    )
  }

  const stop = () => running.current?.cancel()

  return { start, stop }
}

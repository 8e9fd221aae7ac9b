/**
 * Where Effect meets React: one `ManagedRuntime` over the core, built once per process, and the two ways a component
 * uses it. `run` settles every call into an `Outcome` (never a rejected promise), so a failing provider or bad input
 * becomes state to render instead of a crash; `fork` starts a long-running effect (a streamed answer) that can be
 * interrupted, which aborts its upstream request.
 */
import { Effect, Exit, Fiber, type ManagedRuntime } from "effect"
import { createContext, type ReactNode, useContext } from "react"
import type { Core, StartError } from "./AppLayer"
import { type Problem, problemOfCause } from "./Problem"

export type CoreRuntime = ManagedRuntime.ManagedRuntime<Core, StartError>

export type Outcome<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly problem: Problem }

export interface Running {
  /** Interrupts the effect; its `onExit` still runs, with an `Interrupted` problem. */
  readonly cancel: () => void
}

export interface Bridge {
  readonly run: <A, E>(effect: Effect.Effect<A, E, Core>) => Promise<Outcome<A>>
  readonly fork: <A, E>(effect: Effect.Effect<A, E, Core>, onExit: (outcome: Outcome<A>) => void) => Running
}

const outcomeOf = <A, E>(exit: Exit.Exit<A, E>): Outcome<A> =>
  Exit.isSuccess(exit) ? { ok: true, value: exit.value } : { ok: false, problem: problemOfCause(exit.cause) }

export const makeBridge = (runtime: CoreRuntime): Bridge => ({
  run: (effect) => runtime.runPromiseExit(effect).then(outcomeOf, (error) => outcomeOf(Exit.die(error))),
  fork: (effect, onExit) => {
    const fiber = runtime.runFork(effect.pipe(Effect.exit))
    // The outer exit fails only when the core itself could not start; the inner one is the effect's own.
    fiber.addObserver((exit) =>
      onExit(Exit.isSuccess(exit) ? outcomeOf(exit.value) : { ok: false, problem: problemOfCause(exit.cause) })
    )
    return { cancel: () => void runtime.runFork(Fiber.interrupt(fiber)) }
  }
})

const BridgeContext = createContext<Bridge | undefined>(undefined)

export const BridgeProvider = ({ bridge, children }: { readonly bridge: Bridge; readonly children: ReactNode }) => (
  <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>
)

export const useBridge = (): Bridge => {
  const bridge = useContext(BridgeContext)
  if (bridge === undefined) throw new Error("useBridge needs a BridgeProvider above it")
  return bridge
}

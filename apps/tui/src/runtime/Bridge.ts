/**
 * Where Effect meets the TUI and the commands: one `ManagedRuntime` over the core, built once per process, and the
 * two ways to use it. `run` settles every call into an `Outcome` (never a rejected promise), so a failing provider
 * or bad input becomes something to show instead of a crash; `fork` starts a long-running effect (a streamed
 * answer) that can be interrupted, which aborts its upstream request.
 */
import { Effect, Exit, Fiber, type ManagedRuntime } from "effect"
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

/**
 * A bridge over a runtime that is still loading: calls wait for it. The TUI draws its first frame before the core's
 * modules (adapters, SQLite, HTTP) are even loaded, and screens show "Loading…" until their first call answers.
 */
export const makeDeferredBridge = (runtime: Promise<CoreRuntime>): Bridge => {
  const ready = runtime.then(makeBridge)
  const unavailable = (error: unknown): Outcome<never> => outcomeOf(Exit.die(error))
  return {
    run: (effect) => ready.then((bridge) => bridge.run(effect), unavailable),
    fork: (effect, onExit) => {
      let cancelled = false
      let running: Running | undefined
      ready.then(
        (bridge) => {
          if (cancelled) onExit({ ok: false, problem: { tag: "Interrupted", message: "Stopped." } })
          else running = bridge.fork(effect, onExit)
        },
        (error) => onExit(unavailable(error))
      )
      return {
        cancel: () => {
          cancelled = true
          running?.cancel()
        }
      }
    }
  }
}

/**
 * The "has anything changed?" port of a store: a number that changes whenever anyone commits to it, this process or
 * another one sharing it (the server and the TUI share one SQLite file; several servers would share one PostgreSQL
 * database). A read cache checks it on every read (`CachedProviderStore`), so it must be cheap, synchronous and never
 * miss a commit: a cache may then answer from memory for as long as the number stays the same, and never be stale.
 * A frontend follows it through `changes`, to show what another process changed (the CLI disabling a provider while
 * the TUI runs).
 *
 * Implementations: SQLite's `PRAGMA data_version` (`sqlite/DataVersion`); PostgreSQL's notifications, with a polled
 * change counter behind them (`pg/ChangeFeed`), which another instance's commit moves within a second.
 */
import { Context, type Duration, Effect, Layer, Schedule, Stream } from "effect"

export interface ChangeSignalService {
  /** The current value; any two reads straddling a commit differ. Only equality means anything, not order. */
  readonly current: () => number
}

export class ChangeSignal extends Context.Tag("@switchboard/core/ChangeSignal")<ChangeSignal, ChangeSignalService>() {}

/**
 * One element each time the store changed, checked every `every` (the signal is a few microseconds to read, so a
 * second's poll costs nothing): several commits between two checks are one element, and this process's own writes
 * count too. A frontend re-reads what it shows on each.
 */
export const changes = (every: Duration.DurationInput = "1 second"): Stream.Stream<void, never, ChangeSignal> =>
  Stream.unwrap(
    Effect.map(ChangeSignal, (signal) => {
      let seen = signal.current()
      const changed = Effect.sync(() => {
        const now = signal.current()
        const moved = now !== seen
        seen = now
        return moved
      })
      return Stream.repeatEffectWithSchedule(changed, Schedule.spaced(every)).pipe(
        Stream.filter((moved) => moved),
        Stream.as<void>(undefined)
      )
    })
  )

/** A signal that never moves: right for stores only this process writes, in memory (its own writes it knows). */
export const layerStill: Layer.Layer<ChangeSignal> = Layer.succeed(ChangeSignal, ChangeSignal.of({ current: () => 0 }))

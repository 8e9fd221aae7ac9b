/**
 * The "has anything changed?" port of a store: a number that changes whenever anyone commits to it, this process or
 * another one sharing it (the server and the TUI share one SQLite file; several servers would share one PostgreSQL
 * database). A read cache checks it on every read (`CachedProviderStore`), so it must be cheap, synchronous and never
 * miss a commit: a cache may then answer from memory for as long as the number stays the same, and never be stale.
 *
 * Implementations: SQLite's `PRAGMA data_version` (`sqlite/DataVersion`); later, a counter that PostgreSQL
 * notifications move.
 */
import { Context } from "effect"

export interface ChangeSignalService {
  /** The current value; any two reads straddling a commit differ. Only equality means anything, not order. */
  readonly current: () => number
}

export class ChangeSignal extends Context.Tag("@switchboard/core/ChangeSignal")<ChangeSignal, ChangeSignalService>() {}

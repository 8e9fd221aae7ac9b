/**
 * What every command gets: the core (through the bridge) and where to write.
 */
import type { Bridge } from "../runtime/Bridge"
import type { Io } from "./Io"

export interface CommandContext {
  readonly bridge: Bridge
  readonly io: Io
}

export type Command = (args: ReadonlyArray<string>, context: CommandContext) => Promise<number>

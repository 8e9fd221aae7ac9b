/**
 * The core the TUI embeds: the same Layer as the server (`Embedded`), so both open the same store in the same data
 * directory, with the real adapters on undici (whose requests abort when a chat is interrupted).
 */
import { NodeHttpClient } from "@effect/platform-node"
import * as Adapters from "@switchboard/adapters/Adapters"
import { DataDir } from "@switchboard/core/DataDir"
import type { CatalogError } from "@switchboard/core/catalog/CatalogError"
import * as Embedded from "@switchboard/core/Embedded"
import type { StorageError } from "@switchboard/core/domain/Errors"
import { type ConfigError, Layer, Logger, LogLevel, ManagedRuntime } from "effect"

/** What the TUI and the commands use from the core. */
export type Core = Embedded.Services

/** Why the core could not start: a data directory that cannot be used, a bad master key setting, a broken catalog. */
export type StartError = StorageError | ConfigError.ConfigError | CatalogError

const adapters = Adapters.layer.pipe(Layer.provide(NodeHttpClient.layerUndici))

/** The core on `SWITCHBOARD_DATA_DIR` (or the XDG default). */
export const live: Layer.Layer<Core, StartError> = Embedded.layer(adapters)

/** The core on a given data directory. */
export const at = (dataDir: string): Layer.Layer<Core, StartError> => Embedded.layerAt(dataDir, adapters)

/** The core in memory with the real adapters, for component and command tests against local servers. */
export const memory = (): Layer.Layer<Core, StartError> =>
  Embedded.layerMemory(adapters).pipe(Layer.merge(Layer.succeed(DataDir, { path: "(memory)" })))

/**
 * Where the core's own log lines go. Never stdout: a command's stdout is its answer (a script may pipe it). The
 * commands send them to stderr; the TUI drops them, since any write to the terminal would tear its frame, and
 * everything a user needs to know reaches the screen as an error or a report anyway.
 */
const logging = (target: "stderr" | "none") =>
  target === "none"
    ? Logger.minimumLogLevel(LogLevel.None)
    : Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger))

/** The process's one runtime over the embedded core; the store opens on its first use. */
export const makeRuntime = (logs: "stderr" | "none") => ManagedRuntime.make(Layer.merge(live, logging(logs)))

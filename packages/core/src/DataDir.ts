/**
 * The directory where Switchboard keeps its database and master key. The server and the TUI resolve it the same way,
 * so both open the same store: `SWITCHBOARD_DATA_DIR`, else `$XDG_DATA_HOME/switchboard`, else
 * `~/.local/share/switchboard`. The directory is created (mode 0700: it holds the master key) when the layer is built.
 */
import { FileSystem } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import { Config, type ConfigError, Context, Effect, Layer, Option } from "effect"
import { homedir } from "node:os"
import { isAbsolute, join, resolve } from "node:path"
import { StorageError } from "./domain/Errors"

export interface DataDirService {
  /** Absolute path of the data directory; it exists once the layer is built. */
  readonly path: string
}

export class DataDir extends Context.Tag("@switchboard/core/DataDir")<DataDir, DataDirService>() {}

/** The environment `resolveDataDir` reads; empty values count as unset. */
export interface DataDirEnv {
  readonly dataDir: Option.Option<string>
  readonly xdgDataHome: Option.Option<string>
  readonly home: string
}

/**
 * Where the data directory is. A relative `XDG_DATA_HOME` is ignored, as the XDG spec requires; a leading `~/` in
 * `SWITCHBOARD_DATA_DIR` is expanded because quoted values in `.env` files and service units are not expanded by a shell.
 */
export const resolveDataDir = (env: DataDirEnv): string => {
  const explicit = Option.filter(env.dataDir, (dir) => dir.trim() !== "")
  if (Option.isSome(explicit)) {
    const dir = explicit.value.trim()
    return resolve(dir === "~" ? env.home : dir.startsWith("~/") ? join(env.home, dir.slice(2)) : dir)
  }
  const xdg = Option.filter(env.xdgDataHome, (dir) => isAbsolute(dir))
  return Option.isSome(xdg) ? join(xdg.value, "switchboard") : join(env.home, ".local", "share", "switchboard")
}

/** Creates the directory if missing; an existing one keeps the permissions its owner gave it. */
export const make = Effect.fn("DataDir.make")(function* (path: string) {
  const fs = yield* FileSystem.FileSystem
  yield* fs
    .makeDirectory(path, { recursive: true, mode: 0o700 })
    .pipe(
      Effect.mapError(
        (error) => new StorageError({ operation: `create the data directory ${path}`, detail: error.message })
      )
    )
  return DataDir.of({ path })
})

/** A data directory at a fixed path (tests, or a frontend that got the path another way). */
export const layer = (path: string): Layer.Layer<DataDir, StorageError> =>
  Layer.effect(DataDir, make(resolve(path))).pipe(Layer.provide(NodeFileSystem.layer))

const envConfig: Config.Config<DataDirEnv> = Config.all({
  dataDir: Config.option(Config.string("SWITCHBOARD_DATA_DIR")),
  xdgDataHome: Config.option(Config.string("XDG_DATA_HOME")),
  home: Config.string("HOME").pipe(
    Config.withDefault(""),
    Config.map((home) => (home === "" ? homedir() : home))
  )
})

/** The data directory the environment names (see the module comment). */
export const layerConfig: Layer.Layer<DataDir, ConfigError.ConfigError | StorageError> = Layer.effect(
  DataDir,
  Effect.flatMap(envConfig, (env) => make(resolveDataDir(env)))
).pipe(Layer.provide(NodeFileSystem.layer))

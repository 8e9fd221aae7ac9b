import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Option } from "effect"
import { statSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { DataDir, layer, layerConfig, resolveDataDir } from "../src/DataDir"
import { StorageError } from "../src/domain/Errors"
import { tempDir } from "./support/tempDir"

const env = (dataDir?: string, xdgDataHome?: string) => ({
  dataDir: Option.fromNullable(dataDir),
  xdgDataHome: Option.fromNullable(xdgDataHome),
  home: "/home/ada"
})

describe("resolveDataDir", () => {
  it.each([
    { dataDir: "/srv/switchboard", xdg: "/xdg", expected: "/srv/switchboard" },
    { dataDir: "~/sb", xdg: undefined, expected: "/home/ada/sb" },
    { dataDir: "~", xdg: undefined, expected: "/home/ada" },
    { dataDir: "relative/dir", xdg: undefined, expected: resolve("relative/dir") },
    { dataDir: "  ", xdg: "/xdg", expected: "/xdg/switchboard" },
    { dataDir: undefined, xdg: "/xdg", expected: "/xdg/switchboard" },
    { dataDir: undefined, xdg: "not/absolute", expected: "/home/ada/.local/share/switchboard" },
    { dataDir: undefined, xdg: undefined, expected: "/home/ada/.local/share/switchboard" }
  ])("SWITCHBOARD_DATA_DIR=$dataDir XDG_DATA_HOME=$xdg → $expected", ({ dataDir, xdg, expected }) => {
    expect(resolveDataDir(env(dataDir, xdg))).toBe(expected)
  })
})

const fromEnv = (vars: Record<string, string>) =>
  Effect.provide(
    DataDir,
    layerConfig.pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(vars))))))
  )

describe("DataDir layers", () => {
  it.scoped("creates the directory named by SWITCHBOARD_DATA_DIR with mode 0700", () =>
    Effect.gen(function* () {
      const root = yield* tempDir
      const path = join(root, "nested", "switchboard")
      const dataDir = yield* fromEnv({ SWITCHBOARD_DATA_DIR: path, XDG_DATA_HOME: join(root, "xdg") })
      expect(dataDir.path).toBe(path)
      expect(statSync(path).isDirectory()).toBe(true)
      expect(statSync(path).mode & 0o777).toBe(0o700)
    })
  )

  it.scoped("falls back to $XDG_DATA_HOME/switchboard, then to ~/.local/share/switchboard", () =>
    Effect.gen(function* () {
      const root = yield* tempDir
      const xdg = yield* fromEnv({ XDG_DATA_HOME: join(root, "xdg"), HOME: join(root, "home") })
      expect(xdg.path).toBe(join(root, "xdg", "switchboard"))
      const home = yield* fromEnv({ HOME: join(root, "home") })
      expect(home.path).toBe(join(root, "home", ".local", "share", "switchboard"))
      expect(statSync(home.path).isDirectory()).toBe(true)
    })
  )

  it.scoped("keeps an existing directory and what is in it", () =>
    Effect.gen(function* () {
      const root = yield* tempDir
      writeFileSync(join(root, "keep.txt"), "kept")
      const dataDir = yield* Effect.provide(DataDir, layer(root))
      expect(dataDir.path).toBe(root)
      expect(statSync(join(root, "keep.txt")).size).toBe(4)
    })
  )

  it.scoped("fails with a StorageError when the path is a file", () =>
    Effect.gen(function* () {
      const root = yield* tempDir
      const file = join(root, "file")
      writeFileSync(file, "")
      const error = yield* Effect.flip(Effect.provide(DataDir, layer(join(file, "sub"))))
      expect(error).toBeInstanceOf(StorageError)
    })
  )
})

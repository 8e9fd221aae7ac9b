/**
 * The Prism mock server over a provider's official spec, for request-contract tests: a request the spec rejects
 * comes back as 422 (bad body/query/header) or 401 (missing auth). Prism validates the copy of the spec made here,
 * with the fixes `conformance/prism.md` (in this package) describes (without them Prism accepts everything or hangs):
 * - OpenAI: drop `nullable` where a schema has no `type`; prefix paths with `/v1`.
 * - Azure: drop `x-ms-examples`; prefix paths with `/openai`; and, as for OpenAI, drop `nullable` where a schema has
 *   no `type` (4 such schemas; not in prism.md, but without this fix Prism accepted `{"messages":"no"}` with 200).
 * - Gemini: `generateContent` bodies no longer require `model` (real clients send it only in the path).
 * - Anthropic: as is.
 * Prism cannot stream, so only non-streaming acceptance is checked with it.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { Context, Effect, Layer, type Scope } from "effect"

export type SpecName = "openai" | "azure" | "anthropic" | "gemini"

/** Where the vendored specs live: the in-repo copy, found from this file; `SWITCHBOARD_SPECS_DIR` overrides it. */
export const specsDir =
  process.env.SWITCHBOARD_SPECS_DIR ?? fileURLToPath(new URL("../conformance/specs", import.meta.url))

/** Each spec's file in `specsDir`. */
export const specFiles: Readonly<Record<SpecName, string>> = {
  openai: "openai-openapi.json",
  azure: "azure-openai-inference-2024-10-21.json",
  anthropic: "anthropic-openapi.json",
  gemini: "gemini-v1beta-openapi3.json"
}

type Json = null | boolean | number | string | Array<Json> | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Applies `visit` to every object in the document, depth first. */
const walk = (value: Json, visit: (object: JsonObject) => void): void => {
  if (Array.isArray(value)) for (const item of value) walk(item, visit)
  else if (isObject(value)) {
    visit(value)
    for (const child of Object.values(value)) walk(child, visit)
  }
}

const prefixPaths = (spec: JsonObject, prefix: string) => {
  const paths = spec.paths
  if (!isObject(paths)) return
  spec.paths = Object.fromEntries(Object.entries(paths).map(([path, item]) => [`${prefix}${path}`, item]))
}

/** Prism cannot compile `nullable` without `type` and then silently treats every body as valid. */
export const dropUntypedNullable = (spec: JsonObject) =>
  walk(spec, (object) => {
    if ("nullable" in object && !("type" in object)) delete object.nullable
  })

/** The spec with the fixes of `prism.md` applied (see the module doc). */
export const fixSpec = (name: SpecName, spec: JsonObject): JsonObject => {
  switch (name) {
    case "openai":
      dropUntypedNullable(spec)
      prefixPaths(spec, "/v1")
      break
    case "azure":
      walk(spec, (object) => {
        delete object["x-ms-examples"]
      })
      dropUntypedNullable(spec)
      prefixPaths(spec, "/openai")
      break
    case "gemini": {
      const schemas = isObject(spec.components) ? spec.components.schemas : undefined
      const request = isObject(schemas) ? schemas.GenerateContentRequest : undefined
      if (isObject(request) && Array.isArray(request.required)) {
        request.required = request.required.filter((field) => field !== "model")
      }
      break
    }
    case "anthropic":
      break
  }
  return spec
}

const freePort = Effect.async<number, Error>((resume) => {
  const probe = Net.createServer()
  probe.once("error", (error) => resume(Effect.fail(error)))
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address() as Net.AddressInfo
    probe.close(() => resume(Effect.succeed(port)))
  })
})

const prismBin = (): string => {
  const require = createRequire(import.meta.url)
  const manifest = require.resolve("@stoplight/prism-cli/package.json")
  return Path.join(Path.dirname(manifest), "dist", "index.js")
}

/** Waits for "Prism is listening"; fails with Prism's output when it exits first. */
const awaitListening = (child: ChildProcess) =>
  Effect.async<void, Error>((resume) => {
    let output = ""
    let settled = false
    const settle = (result: Effect.Effect<void, Error>) => {
      if (settled) return
      settled = true
      child.stdout?.off("data", onData)
      child.stderr?.off("data", onData)
      child.off("exit", onExit)
      resume(result)
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8")
      if (output.includes("Prism is listening")) settle(Effect.void)
    }
    const onExit = (code: number | null) =>
      settle(Effect.fail(new Error(`prism exited (${code}) before listening:\n${output}`)))
    child.stdout?.on("data", onData)
    child.stderr?.on("data", onData)
    child.once("exit", onExit)
  })

export interface PrismServer {
  /** `http://127.0.0.1:<port>`: use it as a provider's base URL (the copy's paths carry the API's path prefix). */
  readonly url: string
}

/** Starts Prism on a free loopback port over a fixed copy of the spec; the scope stops it and removes the copy. */
export const start = (name: SpecName): Effect.Effect<PrismServer, Error, Scope.Scope> =>
  Effect.gen(function* () {
    const dir = yield* Effect.acquireRelease(
      Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "switchboard-prism-"))),
      (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
    )
    const specPath = Path.join(dir, specFiles[name])
    yield* Effect.sync(() => {
      const spec = JSON.parse(Fs.readFileSync(Path.join(specsDir, specFiles[name]), "utf8")) as JsonObject
      Fs.writeFileSync(specPath, JSON.stringify(fixSpec(name, spec)))
    })
    const port = yield* freePort
    const child = yield* Effect.acquireRelease(
      Effect.sync(() =>
        spawn(process.execPath, [prismBin(), "mock", "-h", "127.0.0.1", "-p", String(port), specPath], {
          stdio: ["ignore", "pipe", "pipe"]
        })
      ),
      (child) =>
        Effect.async<void>((resume) => {
          if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
          child.once("exit", () => resume(Effect.void))
          child.kill("SIGTERM")
        })
    )
    yield* awaitListening(child).pipe(
      Effect.timeoutFail({ duration: "120 seconds", onTimeout: () => new Error("prism did not start in 120 s") })
    )
    // Prism keeps logging every request; drain its pipes so it never blocks on a full one.
    child.stdout?.resume()
    child.stderr?.resume()
    return { url: `http://127.0.0.1:${port}` }
  })

/** One Prism per test file: `layer(Prism.layer("openai"), { timeout: "120 seconds" })(…)`. */
export class Prism extends Context.Tag("test/Prism")<Prism, PrismServer>() {}

export const layer = (name: SpecName): Layer.Layer<Prism, Error> => Layer.scoped(Prism, start(name))

/**
 * `--json` and the REST API print one shape: the core's `ProviderView`. The CLI and the server's app run on one
 * core, so the same stored provider comes out of both; each answer is decoded with the one Schema and the two are
 * compared whole.
 */
import { ProviderView } from "@switchboard/core/domain/ProviderView"
import { makeApp } from "@switchboard/server/App"
import { makeInflight } from "@switchboard/server/Inflight"
import { ManagedRuntime, Schema } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { runCli } from "../../../src/cli/Cli"
import { memory } from "../../../src/runtime/AppLayer"
import { makeBridge } from "../../../src/runtime/Bridge"

const token = "test-token-0123456789abcdef"
const decodeList = Schema.decodeUnknownSync(Schema.Array(ProviderView), { onExcessProperty: "error" })
const decodeOne = Schema.decodeUnknownSync(ProviderView, { onExcessProperty: "error" })

const setUp = () => {
  const runtime = ManagedRuntime.make(memory())
  const bridge = makeBridge(runtime)
  const app = makeApp({
    runtime,
    token,
    log: () => {},
    inflight: makeInflight(),
    webRoot: mkdtempSync(join(tmpdir(), "switchboard-web-"))
  })
  const cli = async (...args: ReadonlyArray<string>) => {
    const stdout: Array<string> = []
    const code = await runCli(args, bridge, { out: (text) => stdout.push(text), err: () => {} })
    expect(code).toBe(0)
    return JSON.parse(stdout.join("")) as unknown
  }
  const rest = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    expect(res.status).toBeLessThan(300)
    return (await res.json()) as unknown
  }
  return { cli, rest, dispose: () => runtime.dispose() }
}

let current: ReturnType<typeof setUp> | undefined
afterEach(async () => {
  await current?.dispose()
  current = undefined
})

describe("switchboard … --json and the REST API", () => {
  it("print the same providers, models and masked secrets", async () => {
    current = setUp()
    const { cli, rest } = current
    await cli(
      "providers",
      "add",
      "--name",
      "Azure",
      "--type",
      "azure-openai",
      "--base-url",
      "https://res.openai.azure.com",
      "--key",
      "azure-key-0000000000000001",
      "--header",
      "api-key: secret-header-value-0001",
      "--header",
      "X-Org: acme",
      "--model",
      "gpt-4o",
      "--json"
    )
    await rest("POST", "/api/providers", { name: "Local", preset: "vllm", models: ["gpt2"] })
    await rest("PATCH", "/api/providers/azure/models/gpt-4o", { capabilities: { tools: false }, group: "Work" })

    const fromCli = decodeList(await cli("providers", "list", "--json"))
    const fromRest = decodeList(await rest("GET", "/api/providers"))
    expect(fromCli).toEqual(fromRest)
    expect(fromCli.map((p) => p.id)).toEqual(["azure", "local"])

    const azure = decodeOne(await rest("GET", "/api/providers/azure"))
    expect(fromCli[0]).toEqual(azure)
    expect(azure.apiKeys).toEqual([{ id: expect.any(String), masked: "azu…0001" }])
    expect(azure.headers).toEqual({ "api-key": expect.not.stringContaining("secret-header"), "X-Org": "acme" })
    expect(azure.models[0]).toMatchObject({ group: "Work", overrides: { tools: false } })

    expect(await cli("models", "list", "azure", "--json")).toEqual(azure.models)
  })
})

import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import type { InvalidInput } from "../src/domain/Errors"
import type { NewProvider } from "../src/domain/ProviderInput"
import { Providers, layerTest } from "../src/Providers"
import * as FakeAdapters from "./support/FakeAdapters"
import { failsUnchanged } from "./support/storeSnapshot"
import { untrusted } from "./support/untrusted"

/** The provider every case runs against: one key, one model, so patches have something to break. */
const target = "target"
const setUp = Effect.flatMap(Providers, (p) =>
  p
    .get(target)
    .pipe(
      Effect.catchTag("NotFound", () =>
        p.add({ name: "Target", preset: "openai", apiKeys: ["sk-target-00000001"], models: ["gpt-4o"] })
      )
    )
)

const valid = { name: "Fresh", type: "openai", baseUrl: "http://localhost:8000" } satisfies NewProvider
const long = (n: number) => "x".repeat(n)

/** [what is wrong, input of `add`, the field the error must name] */
const addCases: ReadonlyArray<readonly [string, unknown, string]> = [
  ["not an object", "Fresh", "body"],
  ["a list", [valid], "body"],
  ["unknown field", { ...valid, colour: "red" }, "colour"],
  ["name missing", { type: "openai", baseUrl: "http://x" }, "name"],
  ["name empty", { ...valid, name: "   " }, "name"],
  ["name too long", { ...valid, name: long(65) }, "name"],
  ["name with a line break", { ...valid, name: "a\nb" }, "name"],
  ["name not a string", { ...valid, name: 7 }, "name"],
  ["type missing", { name: "Fresh", baseUrl: "http://x" }, "type"],
  ["type unknown", { ...valid, type: "openai-compatible" }, "type"],
  ["baseUrl missing", { name: "Fresh", type: "gemini" }, "baseUrl"],
  ["baseUrl empty", { ...valid, baseUrl: "" }, "baseUrl"],
  ["baseUrl not a URL", { ...valid, baseUrl: "localhost:8000" }, "baseUrl"],
  ["baseUrl ftp", { ...valid, baseUrl: "ftp://files.example.com" }, "baseUrl"],
  ["baseUrl with credentials", { ...valid, baseUrl: "http://user:pw@host" }, "baseUrl"],
  ["preset unknown", { name: "Fresh", preset: "chatgpt" }, "preset"],
  ["preset not a string", { name: "Fresh", preset: 1 }, "preset"],
  ["apiKeys not a list", { ...valid, apiKeys: "sk-x" }, "apiKeys"],
  ["apiKeys entry empty", { ...valid, apiKeys: ["sk-ok-0001", " "] }, "apiKeys[1]"],
  ["apiKeys entry with a space", { ...valid, apiKeys: ["sk bad"] }, "apiKeys[0]"],
  ["apiKeys entry too long", { ...valid, apiKeys: [long(1025)] }, "apiKeys[0]"],
  ["apiKeys entry repeated", { ...valid, apiKeys: ["sk-same-01", "sk-same-01"] }, "apiKeys[1]"],
  ["apiVersion malformed", { ...valid, apiVersion: "2024 10 21" }, "apiVersion"],
  ["apiVersion null", { ...valid, apiVersion: null }, "apiVersion"],
  ["apiVersion not Azure's", { ...valid, apiVersion: "banana" }, "apiVersion"],
  ["id with capitals", { ...valid, id: "Fresh" }, "id"],
  ["id with a space", { ...valid, id: "my vllm" }, "id"],
  ["id too long", { ...valid, id: long(49) }, "id"],
  ["id not a string", { ...valid, id: 7 }, "id"],
  ["headers not a record", { ...valid, headers: ["X-A: 1"] }, "headers"],
  ["header name invalid", { ...valid, headers: { "X A": "1" } }, "headers"],
  ["header reserved", { ...valid, headers: { Host: "evil" } }, "headers"],
  ["header value with a line break", { ...valid, headers: { "X-A": "1\r\nX-B: 2" } }, "headers.X-A"],
  ["header value not a string", { ...valid, headers: { "X-A": 1 } }, "headers.X-A"],
  ["timeouts unknown field", { ...valid, timeouts: { totalMs: 1000 } }, "timeouts.totalMs"],
  ["timeouts.firstByteMs too small", { ...valid, timeouts: { firstByteMs: 99 } }, "timeouts.firstByteMs"],
  ["timeouts.idleMs fractional", { ...valid, timeouts: { idleMs: 1000.5 } }, "timeouts.idleMs"],
  ["timeouts.verifyMs too large", { ...valid, timeouts: { verifyMs: 600_001 } }, "timeouts.verifyMs"],
  ["timeouts.maxRetries negative", { ...valid, timeouts: { maxRetries: -1 } }, "timeouts.maxRetries"],
  ["enabled not a boolean", { ...valid, enabled: "yes" }, "enabled"],
  ["models not a list", { ...valid, models: "gpt2" }, "models"],
  ["model id empty", { ...valid, models: ["gpt2", ""] }, "models[1]"],
  ["model id padded", { ...valid, models: [" gpt2"] }, "models[0]"],
  ["model id too long", { ...valid, models: [long(257)] }, "models[0]"],
  ["model object without id", { ...valid, models: [{ name: "GPT-2" }] }, "models[0].id"],
  ["model name empty", { ...valid, models: [{ id: "gpt2", name: " " }] }, "models[0].name"],
  ["model group too long", { ...valid, models: [{ id: "gpt2", group: long(65) }] }, "models[0].group"],
  [
    "model capability unknown",
    { ...valid, models: [{ id: "gpt2", capabilities: { audio: true } }] },
    "models[0].capabilities.audio"
  ],
  [
    "model capability not boolean",
    { ...valid, models: [{ id: "gpt2", capabilities: { vision: "y" } }] },
    "models[0].capabilities.vision"
  ],
  ["model contextLength zero", { ...valid, models: [{ id: "gpt2", contextLength: 0 }] }, "models[0].contextLength"],
  ["model field unknown", { ...valid, models: [{ id: "gpt2", label: "x" }] }, "models[0].label"]
]

/** [what is wrong, patch for `update`, the field the error must name] */
const updateCases: ReadonlyArray<readonly [string, unknown, string]> = [
  ["not an object", null, "body"],
  ["unknown field", { id: "renamed" }, "id"],
  ["name empty", { name: "" }, "name"],
  ["name too long", { name: long(65) }, "name"],
  ["type unknown", { type: "bedrock" }, "type"],
  ["baseUrl not http", { baseUrl: "file:///etc/passwd" }, "baseUrl"],
  ["apiKeys not a list", { apiKeys: { id: "x" } }, "apiKeys"],
  ["apiKeys entry empty", { apiKeys: [""] }, "apiKeys[0]"],
  ["apiKeys entry unknown id", { apiKeys: [{ id: "k-nope" }] }, "apiKeys[0]"],
  ["apiKeys entry id not a string", { apiKeys: [{ id: 1 }] }, "apiKeys[0].id"],
  ["apiKeys entry with extra field", { apiKeys: [{ id: "k", value: "sk-x" }] }, "apiKeys[0].value"],
  ["apiVersion malformed", { apiVersion: "v/1" }, "apiVersion"],
  ["apiVersion not Azure's", { apiVersion: "banana" }, "apiVersion"],
  ["headers reserved", { headers: { "Content-Length": "1" } }, "headers"],
  ["timeouts.idleMs a string", { timeouts: { idleMs: "60s" } }, "timeouts.idleMs"],
  ["timeouts.maxRetries too many", { timeouts: { maxRetries: 11 } }, "timeouts.maxRetries"],
  ["enabled null", { enabled: null }, "enabled"],
  ["models are not patched here", { models: ["gpt2"] }, "models"]
]

/** [what is wrong, call, the field the error must name] */
const modelCases: ReadonlyArray<readonly [string, (p: Providers["Type"]) => Effect.Effect<unknown, unknown>, string]> =
  [
    ["addModels: nothing", (p) => p.addModels(target, untrusted(undefined)), "models"],
    ["addModels: a number", (p) => p.addModels(target, untrusted(5)), "models"],
    ["addModels: padded id", (p) => p.addModels(target, "gpt2 "), "models"],
    ["addModels: bad entry in a list", (p) => p.addModels(target, ["gpt2", "", "phi3"]), "models[1]"],
    ["addModels: unknown field", (p) => p.addModels(target, untrusted({ id: "gpt2", nam: "GPT" })), "models.nam"],
    ["addModels: bad field in a list", (p) => p.addModels(target, [{ id: "a", name: "" }]), "models[0].name"],
    ["updateModel: name empty", (p) => p.updateModel(target, "gpt-4o", { name: "" }), "name"],
    ["updateModel: group empty", (p) => p.updateModel(target, "gpt-4o", { group: " " }), "group"],
    ["updateModel: id change", (p) => p.updateModel(target, "gpt-4o", untrusted({ id: "gpt-5" })), "id"],
    [
      "updateModel: capability value",
      (p) => p.updateModel(target, "gpt-4o", untrusted({ capabilities: { tools: 1 } })),
      "capabilities.tools"
    ],
    [
      "updateModel: capability unknown",
      (p) => p.updateModel(target, "gpt-4o", untrusted({ capabilities: { audio: true } })),
      "capabilities.audio"
    ]
  ]

const expectInvalid = (error: unknown, field: string) => {
  expect(error).toMatchObject({ _tag: "InvalidInput", field })
  // The problem says what is wrong in words a user can act on, not a dump of the schema.
  expect((error as InvalidInput).problem.length).toBeGreaterThan(0)
  expect((error as InvalidInput).problem.length).toBeLessThan(200)
}

layer(layerTest(FakeAdapters.layer()))("bad input names the field and stores nothing", (it) => {
  it.effect.each(addCases)("add: %s", ([, input, field]) =>
    Effect.gen(function* () {
      yield* setUp
      expectInvalid(yield* failsUnchanged(Effect.flatMap(Providers, (p) => p.add(untrusted(input)))), field)
    })
  )

  it.effect.each(updateCases)("update: %s", ([, patch, field]) =>
    Effect.gen(function* () {
      yield* setUp
      expectInvalid(yield* failsUnchanged(Effect.flatMap(Providers, (p) => p.update(target, untrusted(patch)))), field)
    })
  )

  it.effect.each(modelCases)("%s", ([, call, field]) =>
    Effect.gen(function* () {
      yield* setUp
      expectInvalid(yield* failsUnchanged(Effect.flatMap(Providers, call)), field)
    })
  )

  it.effect("a valid input after all of these is accepted, so the cases fail for their one fault", () =>
    Effect.gen(function* () {
      yield* setUp
      const providers = yield* Providers
      expect((yield* providers.add(valid)).name).toBe("Fresh")
      expect((yield* providers.update(target, { timeouts: { idleMs: 1000 } })).timeouts.idleMs).toBe(1000)
      expect((yield* providers.addModels(target, [{ id: "a", name: "A" }])).models).toHaveLength(2)
    })
  )
})

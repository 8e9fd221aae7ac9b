import { describe, expect, it, layer } from "@effect/vitest"
import { createCipheriv, randomBytes, scryptSync } from "node:crypto"
// The fast-check that `it.effect.prop` takes: the one Effect bundles.
import { DateTime, Effect, FastCheck as fc, Redacted, Schema, TestClock } from "effect"
import { type ConfigDocument, type ConfigDocumentJson, readConfigDocument, toJson } from "../src/ConfigDocument"
import { itemsPerSlice } from "../src/internal/YieldToEventLoop"
import { Capability } from "../src/domain/ModelCapabilities"
import { ApiKey } from "../src/domain/ApiKey"
import { Provider } from "../src/domain/Provider"
import { ProviderStore } from "../src/ProviderStore"
import { Providers, layerTest, maxImportProviders } from "../src/Providers"
import { ProviderType } from "../src/domain/ProviderType"
import { partitionHeaders } from "../src/domain/SecretHeaders"
import * as FakeAdapters from "./support/FakeAdapters"
import { failsUnchanged, snapshot } from "./support/storeSnapshot"
import { untrusted } from "./support/untrusted"

const fresh = () => layerTest(FakeAdapters.layer())
const providers = Providers
const passphrase = "correct horse battery staple"
const keyOne = "sk-live-Alpha00000000001"
const keyTwo = "sk-ant-Beta000000000002"
/** A credential in a custom header: it travels like the keys. */
const headerSecret = "gw-Gamma0000000000003"

/** A provider as plain data without its revision (which every write bumps), keys in the clear. */
const comparable = (provider: Provider) => {
  const { revision: _revision, ...rest } = Schema.encodeSync(Provider)(provider)
  return rest
}

/** What an import without the sealed part gives back for a new provider: no keys, no credential headers. */
const withoutSecrets = (provider: Provider) =>
  new Provider({ ...provider, apiKeys: [], headers: partitionHeaders(provider.headers).plain })

/** The document as a user would save and load it: JSON text, parsed again. */
const throughJson = (document: ConfigDocument): ConfigDocumentJson => JSON.parse(toJson(document))

/** The same as loose data, for a test to change (and maybe break) before importing it as `untrusted`. */
const editable = (document: ConfigDocument): Doc => JSON.parse(toJson(document))

const seed = Effect.gen(function* () {
  const p = yield* providers
  yield* p.add({
    name: "Local vLLM",
    preset: "vllm",
    models: ["gpt2", { id: "llava", capabilities: { vision: false } }, "meta-llama/Llama-3.1-8B-Instruct"]
  })
  // The user's own settings travel; the catalog's facts (which the Llama model has) are filled again on import.
  yield* p.updateModel("local-vllm", "gpt2", {
    contextWindow: 2048,
    maxOutputTokens: 256,
    pricing: { currency: "EUR", input: 0.5 }
  })
  yield* TestClock.adjust("1 day")
  yield* p.add({
    name: "Claude",
    preset: "anthropic",
    apiKeys: [keyOne, keyTwo],
    headers: { "X-Team": "a", "cf-aig-authorization": `Bearer ${headerSecret}` }
  })
  return yield* p.list
})

describe("exportConfig", () => {
  it.effect("lists every provider in order with all settings and no keys or credential headers unless asked", () =>
    Effect.gen(function* () {
      const stored = yield* seed
      yield* TestClock.adjust("1 hour")
      const document = yield* (yield* providers).exportConfig()
      expect(document.format).toBe("switchboard/config")
      expect(document.version).toBe(1)
      expect(DateTime.toEpochMillis(document.exportedAt)).toBe(25 * 3_600_000)
      expect(document.providers.map((p) => p.id)).toEqual(stored.map((p) => p.id))
      expect(document.sealedKeys).toBeUndefined()
      const json = toJson(document)
      for (const key of [keyOne, keyTwo, headerSecret]) expect(json).not.toContain(key)
      expect(json).not.toContain("apiKeys")
      expect(document.providers[1]!.headers).toEqual({ "X-Team": "a" })
      expect(JSON.parse(json).providers[0].models[1]).toEqual({
        id: "llava",
        name: "llava",
        group: "llava",
        overrides: { vision: false }
      })
    }).pipe(Effect.provide(fresh()))
  )

  it.effect("with a passphrase seals the keys and credential headers: present, but not in plain text", () =>
    Effect.gen(function* () {
      yield* seed
      const document = yield* (yield* providers).exportConfig({ passphrase })
      expect(document.sealedKeys).toMatchObject({ cipher: "aes-256-gcm", kdf: "scrypt" })
      const json = toJson(document)
      for (const key of [keyOne, keyTwo, "Alpha00000000001", Buffer.from(keyOne).toString("base64"), headerSecret])
        expect(json).not.toContain(key)
      expect(document.providers[1]!.headers).toEqual({ "X-Team": "a" })
      expect(json).not.toContain(passphrase)
    }).pipe(Effect.provide(fresh()))
  )

  it.effect("refuses a passphrase too short to protect keys", () =>
    Effect.gen(function* () {
      yield* seed
      const error = yield* Effect.flip((yield* providers).exportConfig({ passphrase: "1234567" }))
      expect(error).toMatchObject({ _tag: "InvalidInput", field: "passphrase" })
    }).pipe(Effect.provide(fresh()))
  )
})

/** The seeded configuration's export, made once in its own store. */
const exported = (options?: { readonly passphrase?: string }) =>
  seed.pipe(Effect.zipRight(Effect.flatMap(providers, (p) => p.exportConfig(options))), Effect.provide(fresh()))

describe("importConfig", () => {
  it.effect("into an empty store: the same providers, in order; keys only when sealed and opened", () =>
    Effect.gen(function* () {
      const { original, plain, sealed } = yield* Effect.gen(function* () {
        const original = yield* seed
        const p = yield* providers
        return { original, plain: yield* p.exportConfig(), sealed: yield* p.exportConfig({ passphrase }) }
      }).pipe(Effect.provide(fresh()))

      const withoutKeys = yield* Effect.flatMap(providers, (p) => p.importConfig(throughJson(plain))).pipe(
        Effect.provide(fresh())
      )
      expect(withoutKeys.map(comparable)).toEqual(original.map((p) => comparable(withoutSecrets(p))))

      const withKeys = yield* Effect.flatMap(providers, (p) =>
        p.importConfig(throughJson(sealed), { passphrase }).pipe(Effect.zipRight(p.list))
      ).pipe(Effect.provide(fresh()))
      expect(withKeys.map(comparable)).toEqual(original.map(comparable))
      expect(withKeys.every((p) => p.revision === 1)).toBe(true)
    })
  )

  it.effect("a key the master key cannot read is left out of a sealed export, the readable ones kept", () =>
    Effect.gen(function* () {
      const sealed = yield* Effect.gen(function* () {
        const [, claude] = yield* seed
        const store = yield* ProviderStore
        const [first, second] = claude!.apiKeys
        const lost = new ApiKey({ id: first!.id, value: Redacted.make(""), unreadable: true })
        yield* store.update(new Provider({ ...claude!, apiKeys: [lost, second!] }), claude!.revision)
        return yield* (yield* providers).exportConfig({ passphrase })
      }).pipe(Effect.provide(fresh()))
      const imported = yield* Effect.flatMap(providers, (p) =>
        p.importConfig(throughJson(sealed), { passphrase }).pipe(Effect.zipRight(p.list))
      ).pipe(Effect.provide(fresh()))
      expect(imported[1]!.apiKeys.map((key) => Redacted.value(key.value))).toEqual([keyTwo])
    })
  )

  it.effect("refuses more than maxImportProviders providers by count, before decoding any, writing nothing", () =>
    Effect.gen(function* () {
      const p = yield* providers
      yield* seed
      const document = editable(yield* p.exportConfig())
      const [first] = document.providers
      // The count alone refuses it: a broken provider past the limit is never looked at.
      document.providers = [
        ...Array.from({ length: maxImportProviders + 1 }, (_, i) => ({ ...first, id: `p-${i}`, name: `P ${i}` })),
        { broken: true }
      ]
      const before = yield* snapshot
      const refused = yield* Effect.flip(p.importConfig(untrusted(document)))
      expect(refused).toMatchObject({ _tag: "InvalidInput", field: "providers" })
      expect(refused.message).toContain(`more than ${maxImportProviders} providers`)
      expect(yield* snapshot).toEqual(before)
    }).pipe(Effect.provide(fresh()))
  )

  it.effect("checks a large document in slices, so other requests are answered meanwhile", () =>
    Effect.gen(function* () {
      const p = yield* providers
      yield* seed
      const document = editable(yield* p.exportConfig())
      const [first] = document.providers
      document.providers = Array.from({ length: maxImportProviders }, (_, i) => ({
        ...first,
        id: `p-${i}`,
        name: `P ${i}`
      }))
      // Counts the event loop's turns while the document is read: a check in one block lets none through.
      let turns = 0
      let reading = true
      const turn = () => {
        if (!reading) return
        turns++
        setImmediate(turn)
      }
      setImmediate(turn)
      const read = yield* readConfigDocument(untrusted(document))
      reading = false
      expect(read).toHaveLength(maxImportProviders)
      expect(turns).toBeGreaterThanOrEqual(maxImportProviders / itemsPerSlice)
    }).pipe(Effect.provide(fresh()))
  )

  it.effect("accepts the ConfigDocument value itself, not only parsed JSON", () =>
    Effect.gen(function* () {
      const document = yield* exported()
      const imported = yield* Effect.flatMap(providers, (p) => p.importConfig(document)).pipe(Effect.provide(fresh()))
      expect(imported.map((p) => p.id)).toEqual(document.providers.map((p) => p.id))
    })
  )

  it.effect("replaces known providers (keeping keys and credential headers the document lacks), appends new", () =>
    Effect.gen(function* () {
      const p = yield* providers
      const stored = yield* seed
      const document = editable(yield* p.exportConfig())
      yield* p.update("claude", { name: "Claude (local edit)", baseUrl: "http://proxy:8080" })
      yield* p.add({ name: "Kept", preset: "groq" })
      document.providers.push({ ...document.providers[0], id: "imported", name: "Imported" })

      const written = yield* p.importConfig(untrusted(document))
      expect(written.map((x) => x.id)).toEqual(["local-vllm", "claude", "imported"])
      const after = yield* p.list
      expect(after.map((x) => x.id)).toEqual(["local-vllm", "claude", "kept", "imported"])
      const claude = after[1]!
      expect(claude.name).toBe("Claude")
      expect(claude.baseUrl).toBe(stored[1]!.baseUrl)
      expect(claude.apiKeys).toEqual(stored[1]!.apiKeys)
      expect(claude.headers).toEqual(stored[1]!.headers)
      expect(claude.revision).toBe(3)
      expect(after[3]!.apiKeys).toEqual([])
    }).pipe(Effect.provide(fresh()))
  )

  it.effect("sealed keys and credential headers replace the stored ones of the providers they belong to", () =>
    Effect.gen(function* () {
      const document = yield* exported({ passphrase })
      yield* Effect.gen(function* () {
        const p = yield* providers
        yield* p.add({
          name: "Claude",
          preset: "anthropic",
          apiKeys: ["sk-ant-other-000000000"],
          headers: { "cf-aig-authorization": "Bearer stored-token-0000", Cookie: "stored=1" }
        })
        yield* p.importConfig(throughJson(document), { passphrase })
        const claude = yield* p.get("claude")
        expect(claude.apiKeys.map((k) => Redacted.value(k.value))).toEqual([keyOne, keyTwo])
        expect(claude.headers).toEqual({ "X-Team": "a", "cf-aig-authorization": `Bearer ${headerSecret}` })
      }).pipe(Effect.provide(fresh()))
    })
  )

  it.effect("reads documents sealed before headers were: keys from the blob, headers as the document has them", () =>
    Effect.gen(function* () {
      const document = editable(yield* exported())
      const claude = document.providers[1]!
      const legacy = {
        ...withProvider(document, 1, { headers: { ...(claude.headers as object), "X-Api-Key": "plain-in-file" } }),
        sealedKeys: legacySeal({ claude: [{ id: "old", value: keyOne }] }, passphrase)
      }
      yield* Effect.gen(function* () {
        const p = yield* providers
        yield* p.add({ name: "Claude", preset: "anthropic", headers: { Cookie: "stored-cookie-0000" } })
        yield* p.importConfig(untrusted(legacy), { passphrase })
        const imported = yield* p.get("claude")
        expect(imported.apiKeys.map((k) => [k.id, Redacted.value(k.value)])).toEqual([["old", keyOne]])
        // The blob has no headers: the stored credential stays, beside the one typed into the file.
        expect(imported.headers).toEqual({ "X-Team": "a", "X-Api-Key": "plain-in-file", Cookie: "stored-cookie-0000" })
      }).pipe(Effect.provide(fresh()))
    })
  )

  it.effect("sealed keys need the passphrase: missing or wrong names the passphrase and writes nothing", () =>
    Effect.gen(function* () {
      const document = editable(yield* exported({ passphrase })) as Doc & { sealedKeys: { data: string } }
      yield* Effect.gen(function* () {
        const p = yield* providers
        yield* p.add({ name: "Bystander", preset: "ollama" })
        for (const options of [undefined, { passphrase: "not the passphrase" }]) {
          const error = yield* failsUnchanged(p.importConfig(untrusted(document), options))
          expect(error).toMatchObject({ _tag: "InvalidInput", field: "passphrase" })
        }
        const data = Buffer.from(document.sealedKeys.data, "base64")
        data[0] = data[0]! ^ 1
        const tampered = { ...document, sealedKeys: { ...document.sealedKeys, data: data.toString("base64") } }
        expect(yield* failsUnchanged(p.importConfig(untrusted(tampered), { passphrase }))).toMatchObject({
          field: "passphrase"
        })
      }).pipe(Effect.provide(fresh()))
    })
  )

  it.effect("a name held by a stored provider the document does not replace fails with DuplicateName", () =>
    Effect.gen(function* () {
      const document = yield* exported()
      yield* Effect.gen(function* () {
        const p = yield* providers
        // A provider the document does not know (its id is not in it) already holds the name "Claude".
        yield* p.add({ name: "Anthropic main", preset: "anthropic" })
        yield* p.update("anthropic-main", { name: "CLAUDE" })
        expect(yield* failsUnchanged(p.importConfig(document))).toMatchObject({ _tag: "DuplicateName" })
      }).pipe(Effect.provide(fresh()))
    })
  )
})

type Doc = { providers: Array<Record<string, unknown>> } & Record<string, unknown>

/** A `sealedKeys` blob as versions before sealed headers wrote it: `{ [providerId]: [{ id, value }] }`. */
const legacySeal = (keys: Record<string, ReadonlyArray<{ id: string; value: string }>>, secret: string) => {
  const params = { N: 2 ** 14, r: 8, p: 1 }
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const cipher = createCipheriv("aes-256-gcm", scryptSync(secret, salt, 32, params), iv).setAAD(
    Buffer.from("switchboard/config/1")
  )
  const data = Buffer.concat([cipher.update(JSON.stringify(keys), "utf8"), cipher.final()])
  return {
    cipher: "aes-256-gcm",
    kdf: "scrypt",
    params,
    salt: salt.toString("base64"),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64")
  }
}

/** [what is wrong, how to break a valid document, the field the error must name] */
const brokenDocuments: ReadonlyArray<readonly [string, (doc: Doc) => unknown, string]> = [
  ["not an object", () => "switchboard", "body"],
  ["wrong format", (doc) => ({ ...doc, format: "cherry-studio" }), "format"],
  ["newer version", (doc) => ({ ...doc, version: 2 }), "version"],
  ["unknown top-level field", (doc) => ({ ...doc, apiKeys: [] }), "apiKeys"],
  ["providers missing", ({ providers: _, ...doc }) => doc, "providers"],
  ["exportedAt not a date", (doc) => ({ ...doc, exportedAt: "yesterday" }), "exportedAt"],
  ["bad id", (doc) => withProvider(doc, 1, { id: "Not A Slug" }), "providers[1].id"],
  ["empty name", (doc) => withProvider(doc, 1, { name: " " }), "providers[1].name"],
  ["unknown type", (doc) => withProvider(doc, 0, { type: "bedrock" }), "providers[0].type"],
  ["bad base URL", (doc) => withProvider(doc, 1, { baseUrl: "ftp://x" }), "providers[1].baseUrl"],
  ["bad api version", (doc) => withProvider(doc, 0, { apiVersion: "a b" }), "providers[0].apiVersion"],
  ["bad header", (doc) => withProvider(doc, 1, { headers: { Host: "x" } }), "providers[1].headers"],
  [
    "bad timeout",
    (doc) => withProvider(doc, 0, { timeouts: { ...timeouts, firstByteMs: 1 } }),
    "providers[0].timeouts.firstByteMs"
  ],
  [
    "bad model id",
    (doc) => withProvider(doc, 0, { models: [{ id: " x", name: "x", group: "x", overrides: {} }] }),
    "providers[0].models[0].id"
  ],
  [
    "bad override",
    (doc) => withProvider(doc, 0, { models: [{ id: "x", name: "x", group: "x", overrides: { vision: 1 } }] }),
    "providers[0].models[0].overrides.vision"
  ],
  [
    "repeated model",
    (doc) => withProvider(doc, 0, { models: [model("x"), model("y"), model("x")] }),
    "providers[0].models[2].id"
  ],
  ["repeated id", (doc) => withProvider(doc, 1, { id: "local-vllm" }), "providers[1].id"],
  ["repeated name in another case", (doc) => withProvider(doc, 1, { name: "local VLLM" }), "providers[1].name"],
  ["sealed keys malformed", (doc) => ({ ...doc, sealedKeys: { cipher: "rot13" } }), "sealedKeys.cipher"]
]

const timeouts = { firstByteMs: 1000, idleMs: 1000, verifyMs: 1000, maxRetries: 1 }
const model = (id: string) => ({ id, name: id, group: id, overrides: {} })
const withProvider = (doc: Doc, index: number, fields: Record<string, unknown>): Doc => ({
  ...doc,
  providers: doc.providers.map((p, i) => (i === index ? { ...p, ...fields } : p))
})

layer(fresh())("importConfig validates everything before writing anything", (it) => {
  it.effect.each(brokenDocuments)("%s", ([, breakIt, field]) =>
    Effect.gen(function* () {
      const document = editable(yield* exported())
      const p = yield* providers
      yield* p.get("bystander").pipe(Effect.orElse(() => p.add({ name: "Bystander", preset: "ollama" })))
      // The broken provider is never the first, so writing the valid ones first would show.
      const error = yield* failsUnchanged(p.importConfig(untrusted(breakIt(document))))
      expect(error).toMatchObject({ _tag: "InvalidInput", field })
      expect(yield* p.importConfig(untrusted(document))).toHaveLength(2)
      yield* p.remove("local-vllm")
      yield* p.remove("claude")
      expect((yield* snapshot).map((x) => x.id)).toEqual(["bystander"])
    })
  )
})

// ---------------------------------------------------------------------------------------------------------------
// Property: export → JSON → import into a fresh store loses nothing.

const printable = (max: number) =>
  fc
    .string({ unit: "grapheme", minLength: 1, maxLength: max })
    .map((s) => s.trim())
    // Lengths are limits in UTF-16 units, which a grapheme may need several of.
    .filter((s) => s.length > 0 && s.length <= max && !/\p{Cc}/u.test(s))

const modelId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,40}$/), printable(60))

const overrides = fc.record(
  Object.fromEntries(Capability.literals.map((c) => [c, fc.constantFrom(true, false, null)])) as Record<
    Capability,
    fc.Arbitrary<boolean | null>
  >,
  { requiredKeys: [] }
)

const newModel = fc.oneof(
  modelId,
  fc.record(
    {
      id: modelId,
      name: printable(128),
      group: printable(64),
      capabilities: overrides,
      contextLength: fc.integer({ min: 1, max: 2_000_000 }),
      ownedBy: fc.string({ maxLength: 30 })
    },
    { requiredKeys: ["id"] }
  )
)

/** A credential: distinctive enough that finding it in the JSON means it leaked. */
const secretValue = fc.stringMatching(/^tok-[A-Za-z0-9]{16,30}$/)

const newProvider = fc.record(
  {
    name: printable(64),
    type: fc.constantFrom(...ProviderType.literals),
    baseUrl: fc.webUrl({ validSchemes: ["http", "https"] }),
    apiKeys: fc.uniqueArray(fc.stringMatching(/^sk-[A-Za-z0-9]{16,40}$/), { maxLength: 3 }),
    apiVersion: fc.oneof(
      fc.constantFrom("v1", "latest", "preview"),
      fc.stringMatching(/^20[0-9]{2}-[01][0-9]-[0-3][0-9](?:-preview)?$/)
    ),
    headers: fc.dictionary(
      fc.oneof(
        fc.stringMatching(/^X-[A-Za-z0-9-]{1,20}$/),
        fc.constantFrom("Authorization", "X-Api-Key", "api-key", "Cookie", "cf-aig-authorization", "X-Auth-Token")
      ),
      fc.oneof(
        fc.string({ maxLength: 40 }).filter((v) => !/\p{Cc}/u.test(v.replaceAll("\t", ""))),
        secretValue.map((v) => `Bearer ${v}`)
      ),
      { maxKeys: 4 }
    ),
    timeouts: fc.record(
      {
        firstByteMs: fc.integer({ min: 100, max: 3_600_000 }),
        idleMs: fc.integer({ min: 100, max: 3_600_000 }),
        verifyMs: fc.integer({ min: 100, max: 600_000 }),
        maxRetries: fc.integer({ min: 0, max: 10 })
      },
      { requiredKeys: [] }
    ),
    enabled: fc.boolean(),
    models: fc.uniqueArray(newModel, { maxLength: 5, selector: (m) => (typeof m === "string" ? m : m.id) })
  },
  { requiredKeys: ["name", "type", "baseUrl"] }
)

/** Several providers with names unique ignoring case, as the store requires. */
const configuration = fc.uniqueArray(newProvider, { maxLength: 4, selector: (p) => p.name.toLowerCase() })

type NewProviderInput = typeof newProvider extends fc.Arbitrary<infer A> ? A : never

/** Builds the configuration in a fresh store (time passing between adds, one edit each) and exports it. */
const exportOf = (inputs: ReadonlyArray<NewProviderInput>, secret?: string) =>
  Effect.gen(function* () {
    const p = yield* providers
    for (const input of inputs) {
      const added = yield* p.add(input)
      yield* TestClock.adjust("7 minutes")
      if (added.models.length > 0) yield* p.updateModel(added.id, added.models[0]!.id, { group: "edited" })
    }
    const original = yield* p.list
    const document = yield* p.exportConfig(secret === undefined ? {} : { passphrase: secret })
    return { original, json: toJson(document) }
  }).pipe(Effect.provide(fresh()))

const importInto = (json: string, secret?: string) =>
  Effect.flatMap(providers, (p) =>
    p.importConfig(JSON.parse(json), secret === undefined ? {} : { passphrase: secret }).pipe(Effect.zipRight(p.list))
  ).pipe(Effect.provide(fresh()))

const plainKeysOf = (all: ReadonlyArray<Provider>) => [
  ...all.flatMap((p) => p.apiKeys.map((k) => Redacted.value(k.value))),
  ...all.flatMap((p) => Object.values(partitionHeaders(p.headers).secret).filter((v) => v.startsWith("Bearer tok-")))
]

describe("export → import round trip", () => {
  it.effect.prop(
    "without a passphrase: every provider and model back as it was, without keys or credential headers",
    [configuration],
    ([inputs]) =>
      Effect.gen(function* () {
        const { original, json } = yield* exportOf(inputs)
        for (const key of plainKeysOf(original)) expect(json).not.toContain(key)
        const imported = yield* importInto(json)
        expect(imported.map(comparable)).toEqual(original.map((p) => comparable(withoutSecrets(p))))
      }),
    { fastCheck: { numRuns: 60 }, timeout: 60_000 }
  )

  it.effect.prop(
    "with a passphrase: keys and credential headers come back too, and the JSON holds none in plain text",
    [configuration, printable(40).filter((s) => s.length >= 8)],
    ([inputs, secret]) =>
      Effect.gen(function* () {
        const { original, json } = yield* exportOf(inputs, secret)
        for (const key of plainKeysOf(original)) expect(json).not.toContain(key)
        const imported = yield* importInto(json, secret)
        expect(imported.map(comparable)).toEqual(original.map(comparable))
      }),
    { fastCheck: { numRuns: 10 }, timeout: 60_000 }
  )
})

describe("a base URL that carries a credential (?key=…)", () => {
  const urlSecret = "gw-url-Delta0000000000004"
  const input = { name: "URL Key", type: "openai" as const, baseUrl: `https://gw.example/v1?key=${urlSecret}&alt=sse` }

  it.effect("is exported without it when there is no passphrase, and a re-import keeps the stored one", () =>
    Effect.gen(function* () {
      const p = yield* providers
      yield* p.add(input)
      const json = toJson(yield* p.exportConfig({}))
      expect(json).not.toContain(urlSecret)
      expect(json).toContain('"baseUrl": "https://gw.example/v1?key=&alt=sse"')
      // Importing that document over the stored provider must not wipe the credential it left out.
      yield* p.importConfig(JSON.parse(json), {})
      expect((yield* p.list)[0]!.baseUrl).toBe(input.baseUrl)
    }).pipe(Effect.provide(fresh()))
  )

  it.effect("travels sealed with a passphrase, and comes back whole", () =>
    Effect.gen(function* () {
      const { json } = yield* exportOf([input], passphrase)
      expect(json).not.toContain(urlSecret)
      const imported = yield* importInto(json, passphrase)
      expect(imported[0]!.baseUrl).toBe(input.baseUrl)
    })
  )
})

/**
 * The ways the same chat request reaches the same upstream, each started on 127.0.0.1 in its own process. Relayed
 * (OpenAI Chat Completions all the way): direct (the upstream itself), the bare proxy (the floor of a Node hop),
 * Switchboard's gateway (the built server, one OpenAI-type provider pointing at the upstream) and Portkey's gateway
 * (`--headless`, custom host = the upstream). Translated (Chat Completions in, the provider's protocol out): the same
 * Switchboard with an Anthropic- and a Gemini-type provider on the same upstream, Portkey with its Anthropic
 * provider, and direct anthropic (the upstream's Messages endpoint called with an Anthropic body: their floor).
 * Messages relayed (Anthropic's Messages all the way): the bare proxy and Switchboard (its Anthropic-type provider)
 * in front of the same Messages endpoint. A `Target` is everything a client needs to send that request: port, path,
 * headers, protocol and model name.
 */
import { spawnHelper, type Helper } from "./Helper"
import { type PostgresInstance, startPostgresInstance } from "./Postgres"
import { addProvider, benchToken, startSwitchboard, type Switchboard } from "./Switchboard"
import type { Behaviour } from "./Upstream"
import { freePort, waitFor } from "./Wait"

export const relayedTargets = ["direct", "bare proxy", "switchboard", "portkey"] as const
export const translatedTargets = [
  "direct anthropic",
  "switchboard → anthropic",
  "switchboard → gemini",
  "portkey → anthropic"
] as const

/** Messages in and Messages out, compared with "direct anthropic" like the translated routes. */
export const messagesTargets = ["bare proxy messages", "switchboard messages"] as const

/** The relayed route again, on PostgreSQL (`Postgres.ts`); started only where PostgreSQL's binaries are installed. */
export const postgresTargets = ["switchboard postgres"] as const

export type TargetName =
  | (typeof relayedTargets)[number]
  | (typeof translatedTargets)[number]
  | (typeof messagesTargets)[number]
  | (typeof postgresTargets)[number]

export interface Target {
  readonly name: TargetName
  readonly port: number
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  /** What the client sends and reads: Chat Completions, or Anthropic Messages. */
  readonly protocol: "openai" | "anthropic"
  readonly model: string
  /** The process answering on `port` (for its memory and CPU time). */
  readonly pid: number
}

/** The key the upstream is called with; it is not a secret, only a value the secrets drill must never find. */
export const upstreamKey = "sk-bench-upstream-key-5e8a1f0c7b2d"

export interface Targets {
  readonly all: ReadonlyArray<Target>
  readonly byName: (name: TargetName) => Target
  readonly switchboard: Switchboard
  /** The instance on PostgreSQL and its database, when PostgreSQL is installed. */
  readonly postgres: PostgresInstance | undefined
  readonly upstreamPort: number
  readonly stop: () => Promise<void>
}

const chatPath = "/v1/chat/completions"
const messagesPath = "/v1/messages"

export const startTargets = async (behaviour: Partial<Behaviour> = {}): Promise<Targets> => {
  const helpers: Array<Helper> = []
  let switchboard: Switchboard | undefined
  let postgres: PostgresInstance | undefined
  try {
    const upstream = await spawnHelper("upstream", [JSON.stringify(behaviour)])
    helpers.push(upstream)
    const upstreamPort = upstream.ready.port as number
    const bare = await spawnHelper("bare-proxy", [String(upstreamPort)])
    helpers.push(bare)

    switchboard = await startSwitchboard()
    const upstreamUrl = `http://127.0.0.1:${upstreamPort}/`
    const providerId = await addProvider(switchboard, {
      name: "Bench upstream",
      baseUrl: upstreamUrl,
      apiKeys: [upstreamKey]
    })
    const anthropicId = await addProvider(switchboard, {
      name: "Bench anthropic",
      type: "anthropic",
      baseUrl: upstreamUrl,
      apiKeys: [upstreamKey]
    })
    const geminiId = await addProvider(switchboard, {
      name: "Bench gemini",
      type: "gemini",
      baseUrl: upstreamUrl,
      apiKeys: [upstreamKey]
    })

    const portkeyPort = await freePort()
    const portkey = await spawnHelper("portkey", ["--headless", `--port=${portkeyPort}`], {
      ready: (output) => (output.includes("Ready for connections") ? {} : undefined)
    })
    helpers.push(portkey)
    await waitFor(
      async () => {
        try {
          await fetch(`http://127.0.0.1:${portkeyPort}/`)
          return true
        } catch {
          return false
        }
      },
      { timeoutMs: 10_000, what: "Portkey to answer" }
    )

    const auth = { authorization: `Bearer ${upstreamKey}` }
    const gateway = { authorization: `Bearer ${benchToken}` }
    const version = { "anthropic-version": "2023-06-01" }
    const openAiChat = { protocol: "openai", path: chatPath } as const
    const all: ReadonlyArray<Target> = [
      { name: "direct", ...openAiChat, port: upstreamPort, headers: auth, model: "fast-model", pid: upstream.pid },
      {
        name: "bare proxy",
        ...openAiChat,
        port: bare.ready.port as number,
        headers: auth,
        model: "bench/fast-model",
        pid: bare.pid
      },
      {
        name: "switchboard",
        ...openAiChat,
        port: switchboard.port,
        headers: gateway,
        model: `${providerId}/fast-model`,
        pid: switchboard.pid
      },
      {
        name: "portkey",
        ...openAiChat,
        port: portkeyPort,
        headers: {
          ...auth,
          "x-portkey-provider": "openai",
          "x-portkey-custom-host": `http://127.0.0.1:${upstreamPort}/v1`
        },
        model: "fast-model",
        pid: portkey.pid
      },
      {
        name: "direct anthropic",
        protocol: "anthropic",
        path: messagesPath,
        port: upstreamPort,
        headers: { "x-api-key": upstreamKey, ...version },
        model: "fast-model",
        pid: upstream.pid
      },
      {
        name: "bare proxy messages",
        protocol: "anthropic",
        path: messagesPath,
        port: bare.ready.port as number,
        headers: { "x-api-key": upstreamKey, ...version },
        model: "bench/fast-model",
        pid: bare.pid
      },
      {
        name: "switchboard messages",
        protocol: "anthropic",
        path: messagesPath,
        port: switchboard.port,
        // The gateway token as Anthropic's SDKs send a key.
        headers: { "x-api-key": benchToken, ...version },
        model: `${anthropicId}/fast-model`,
        pid: switchboard.pid
      },
      {
        name: "switchboard → anthropic",
        ...openAiChat,
        port: switchboard.port,
        headers: gateway,
        model: `${anthropicId}/fast-model`,
        pid: switchboard.pid
      },
      {
        name: "switchboard → gemini",
        ...openAiChat,
        port: switchboard.port,
        headers: gateway,
        model: `${geminiId}/fast-model`,
        pid: switchboard.pid
      },
      {
        name: "portkey → anthropic",
        ...openAiChat,
        port: portkeyPort,
        // Portkey's Anthropic provider calls `<custom host>/messages` with the key from `authorization` in `x-api-key`,
        // `anthropic-version` and a default `max_tokens` (seen through a logging proxy with Portkey 1.15.2).
        headers: {
          ...auth,
          "x-portkey-provider": "anthropic",
          "x-portkey-custom-host": `http://127.0.0.1:${upstreamPort}/v1`
        },
        model: "fast-model",
        pid: portkey.pid
      }
    ]
    postgres = await startPostgresInstance(upstreamUrl, upstreamKey)
    const onPostgres: ReadonlyArray<Target> =
      postgres === undefined
        ? []
        : [
            {
              name: "switchboard postgres",
              ...openAiChat,
              port: postgres.switchboard.port,
              headers: gateway,
              model: `${postgres.providerId}/fast-model`,
              pid: postgres.switchboard.pid
            }
          ]
    const sb = switchboard
    const pg = postgres
    const everything = [...all, ...onPostgres]
    return {
      all: everything,
      byName: (name) => everything.find((target) => target.name === name)!,
      switchboard: sb,
      postgres: pg,
      upstreamPort,
      stop: async () => {
        await sb.stop()
        await pg?.stop()
        await Promise.all(helpers.map((helper) => helper.stop()))
      }
    }
  } catch (error) {
    await switchboard?.stop()
    await postgres?.stop()
    await Promise.all(helpers.map((helper) => helper.stop()))
    throw error
  }
}

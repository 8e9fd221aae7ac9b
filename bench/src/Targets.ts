/**
 * The four ways the same chat request reaches the same upstream, each started on 127.0.0.1 in its own process:
 * direct (the upstream itself), the bare proxy (the floor of a Node hop), Switchboard's gateway (the built server
 * with one provider pointing at the upstream) and Portkey's gateway (`--headless`, custom host = the upstream).
 * A `Target` is everything a client needs to send that request: port, headers, and the model name it must use.
 */
import { spawnHelper, type Helper } from "./Helper"
import { addProvider, benchToken, startSwitchboard, type Switchboard } from "./Switchboard"
import type { Behaviour } from "./Upstream"
import { freePort, waitFor } from "./Wait"

export type TargetName = "direct" | "bare proxy" | "switchboard" | "portkey"

export interface Target {
  readonly name: TargetName
  readonly port: number
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly model: string
  /** The process answering on `port` (for its memory). */
  readonly pid: number
}

/** The key the upstream is called with; it is not a secret, only a value the secrets drill must never find. */
export const upstreamKey = "sk-bench-upstream-key-5e8a1f0c7b2d"

export interface Targets {
  readonly all: ReadonlyArray<Target>
  readonly byName: (name: TargetName) => Target
  readonly switchboard: Switchboard
  readonly upstreamPort: number
  readonly stop: () => Promise<void>
}

const chatPath = "/v1/chat/completions"

export const startTargets = async (behaviour: Partial<Behaviour> = {}): Promise<Targets> => {
  const helpers: Array<Helper> = []
  let switchboard: Switchboard | undefined
  try {
    const upstream = await spawnHelper("upstream", [JSON.stringify(behaviour)])
    helpers.push(upstream)
    const upstreamPort = upstream.ready.port as number
    const bare = await spawnHelper("bare-proxy", [String(upstreamPort)])
    helpers.push(bare)

    switchboard = await startSwitchboard()
    const providerId = await addProvider(switchboard, {
      name: "Bench upstream",
      baseUrl: `http://127.0.0.1:${upstreamPort}/`,
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
    const all: ReadonlyArray<Target> = [
      { name: "direct", port: upstreamPort, path: chatPath, headers: auth, model: "fast-model", pid: upstream.pid },
      {
        name: "bare proxy",
        port: bare.ready.port as number,
        path: chatPath,
        headers: auth,
        model: "bench/fast-model",
        pid: bare.pid
      },
      {
        name: "switchboard",
        port: switchboard.port,
        path: chatPath,
        headers: { authorization: `Bearer ${benchToken}` },
        model: `${providerId}/fast-model`,
        pid: switchboard.pid
      },
      {
        name: "portkey",
        port: portkeyPort,
        path: chatPath,
        headers: {
          ...auth,
          "x-portkey-provider": "openai",
          "x-portkey-custom-host": `http://127.0.0.1:${upstreamPort}/v1`
        },
        model: "fast-model",
        pid: portkey.pid
      }
    ]
    const sb = switchboard
    return {
      all,
      byName: (name) => all.find((target) => target.name === name)!,
      switchboard: sb,
      upstreamPort,
      stop: async () => {
        await sb.stop()
        await Promise.all(helpers.map((helper) => helper.stop()))
      }
    }
  } catch (error) {
    await switchboard?.stop()
    await Promise.all(helpers.map((helper) => helper.stop()))
    throw error
  }
}

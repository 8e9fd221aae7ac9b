/**
 * Checking every model × key at scale: one provider with 3 keys and 20 models, checked at once against an upstream
 * whose every answer takes `chunks` × `chunkDelayMs`. If Switchboard probes concurrently, the check takes about
 * `total / concurrency` probes' time; one after another it would take the sum of them. A check of one model with one
 * key gives the single-probe time it is compared with.
 */
import { addProvider, type Switchboard, startSwitchboard } from "./Switchboard"
import { startUpstream } from "./Upstream"

export interface ModelCheckScaleResult {
  readonly keys: number
  readonly models: number
  readonly concurrency: number
  /** How long one upstream answer takes. */
  readonly answerMs: number
  readonly singleProbeMs: number
  readonly allMs: number
  /** The probes' own latencies added up: what the check would take one after another. */
  readonly summedMs: number
  /** Generations the upstream received for the whole check (one per model × key, none twice). */
  readonly probes: number
  readonly allOk: boolean
}

/** The `data` of each SSE frame of a check, by event name. */
const framesOf = (text: string) =>
  text
    .split("\n\n")
    .filter((frame) => frame.startsWith("event: "))
    .map((frame) => {
      const [event, data] = frame.split("\n")
      return { event: event!.slice(7), data: JSON.parse(data!.slice(6)) as Record<string, unknown> }
    })

const runCheck = async (server: Switchboard, id: string, body: Record<string, unknown>) => {
  const started = performance.now()
  const answer = await server.call("POST", `/api/providers/${id}/models-check`, body)
  const elapsed = performance.now() - started
  if (answer.status !== 200) throw new Error(`models-check: ${answer.status} ${answer.text}`)
  const frames = framesOf(answer.text)
  const results = frames
    .filter((frame) => frame.event === "progress")
    .map((frame) => (frame.data.check as { result: { ok: boolean; latencyMs: number } }).result)
  return { elapsed, results, done: frames.find((frame) => frame.event === "done")?.data }
}

export const measureModelCheckScale = async (
  keys: number,
  models: number,
  concurrency: number,
  chunkDelayMs: number
): Promise<ModelCheckScaleResult> => {
  const chunks = 4
  const upstream = await startUpstream({ chunks, chunkDelayMs })
  const server = await startSwitchboard()
  try {
    const ids = Array.from({ length: models }, (_, m) => `model-${m}`)
    const id = await addProvider(server, {
      name: "Check scale",
      baseUrl: upstream.baseUrl,
      apiKeys: Array.from({ length: keys }, (_, k) => `sk-check-${k}`),
      models: ids
    })
    const provider = (await server.call("GET", `/api/providers/${id}`)).json as { apiKeys: Array<{ id: string }> }
    const single = { models: [ids[0]], keyId: provider.apiKeys[0]!.id }
    // Once to warm the connection pool and code paths, then the measured single probe.
    await runCheck(server, id, single)
    const singleProbeMs = (await runCheck(server, id, single)).elapsed
    const before = upstream.stats().chats
    const all = await runCheck(server, id, { concurrency })
    return {
      keys,
      models,
      concurrency,
      answerMs: chunks * chunkDelayMs,
      singleProbeMs,
      allMs: all.elapsed,
      summedMs: all.results.reduce((sum, result) => sum + result.latencyMs, 0),
      probes: upstream.stats().chats - before,
      allOk: all.results.length === keys * models && all.results.every((result) => result.ok)
    }
  } finally {
    await server.stop()
    await upstream.close()
  }
}

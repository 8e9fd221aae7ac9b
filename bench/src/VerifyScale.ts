/**
 * Verify at scale: 20 providers with 3 keys each, verified all at once against an upstream whose key check takes
 * `delayMs`. If Switchboard checks keys concurrently, the whole batch takes about one check's time; checked one after
 * another it would take 60 of them. One provider with one key gives the single-check time it is compared with.
 */
import { addProvider, startSwitchboard } from "./Switchboard"
import { startUpstream } from "./Upstream"

export interface VerifyScaleResult {
  readonly providers: number
  readonly keysPerProvider: number
  readonly delayMs: number
  readonly singleCheckMs: number
  readonly allMs: number
  /** Key checks the upstream received for the batch (proves none was skipped). */
  readonly checks: number
  readonly allOk: boolean
}

export const measureVerifyScale = async (
  providers: number,
  keysPerProvider: number,
  delayMs: number
): Promise<VerifyScaleResult> => {
  const upstream = await startUpstream({ modelsDelayMs: delayMs })
  const server = await startSwitchboard()
  try {
    const single = await addProvider(server, {
      name: "Single",
      baseUrl: upstream.baseUrl,
      apiKeys: ["sk-single-0"],
      models: []
    })
    const ids: Array<string> = []
    for (let p = 0; p < providers; p++)
      ids.push(
        await addProvider(server, {
          name: `Scale ${p}`,
          baseUrl: upstream.baseUrl,
          apiKeys: Array.from({ length: keysPerProvider }, (_, k) => `sk-scale-${p}-${k}`),
          models: []
        })
      )
    // Once to warm the connection pool and code paths, then the measured single check.
    await server.call("POST", `/api/providers/${single}/verify`)
    const singleStarted = performance.now()
    const singleAnswer = await server.call("POST", `/api/providers/${single}/verify`)
    const singleCheckMs = performance.now() - singleStarted
    if (singleAnswer.status !== 200) throw new Error(`verify: ${singleAnswer.status} ${singleAnswer.text}`)

    const before = upstream.stats().modelLists
    const started = performance.now()
    const answers = await Promise.all(ids.map((id) => server.call("POST", `/api/providers/${id}/verify`)))
    const allMs = performance.now() - started
    return {
      providers,
      keysPerProvider,
      delayMs,
      singleCheckMs,
      allMs,
      checks: upstream.stats().modelLists - before,
      allOk: answers.every((answer) => answer.status === 200 && (answer.json as { ok?: unknown }).ok === true)
    }
  } finally {
    await server.stop()
    await upstream.close()
  }
}

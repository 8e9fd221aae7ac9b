/**
 * The report's part on the translated routes: Chat Completions in, the provider's own protocol out and back. Their
 * goals compare, from the same run, the translated route with the relayed one (switchboard's OpenAI row: what
 * translating costs), with Portkey translating to the same Anthropic upstream, and its first chunk with a direct
 * call to the upstream's Messages endpoint.
 */
import { find, type Goal, goalTable, ms, pct, rate, ratio } from "./Markdown"
import { modes, type Results } from "./Results"

export const translatedGoals = (results: Results): ReadonlyArray<Goal> => {
  const out: Array<Goal> = []
  for (const { label, mode, stream } of modes(results)) {
    const rps = (name: Parameters<typeof find>[1]) => find(mode.throughput, name)?.requestsPerSecond
    const relayed = rps("switchboard")
    for (const route of ["switchboard → anthropic", "switchboard → gemini"] as const) {
      const translated = rps(route)
      if (translated === undefined || relayed === undefined) continue
      out.push({
        goal: `${label}: ${route} at least 50% of the relayed route's requests/s`,
        measured: `${rate(translated)} vs ${rate(relayed)} req/s (switchboard): ${pct(translated / relayed)}`,
        met: translated >= 0.5 * relayed
      })
    }
    const anthropic = rps("switchboard → anthropic")
    const portkey = rps("portkey → anthropic")
    if (anthropic !== undefined && portkey !== undefined)
      out.push({
        goal: `${label}: switchboard → anthropic at least 2× Portkey's requests/s on the same route`,
        measured: `${rate(anthropic)} vs ${rate(portkey)} req/s (portkey → anthropic): ${ratio(anthropic / portkey)}`,
        met: anthropic >= 2 * portkey
      })
    if (!stream) continue
    const first = (name: Parameters<typeof find>[1]) => find(mode.latency, name)?.firstChunkP50
    const direct = first("direct anthropic")
    const translated = first("switchboard → anthropic")
    if (direct === undefined || translated === undefined) continue
    const gemini = first("switchboard → gemini")
    const added = translated - direct
    out.push({
      goal: "streaming: translated time to first chunk within 1 ms of a direct call (p50)",
      measured: `switchboard → anthropic ${ms(translated)} ms vs direct anthropic ${ms(direct)} ms: ${ms(added)} ms more${gemini === undefined ? "" : ` (switchboard → gemini: ${ms(gemini - direct)} ms more)`}`,
      met: added <= 1
    })
  }
  return out
}

/** The "Translated routes" part, or nothing when the run measured none of its goals. */
export const translatedRoutes = (results: Results): string => {
  const list = translatedGoals(results)
  if (list.length === 0) return ""
  return `## Translated routes

${goalTable(list)}

The client sends the same Chat Completions request as on the relayed route. For "switchboard → anthropic" the
gateway sends the upstream a Messages request (\`POST /v1/messages\`, key in \`x-api-key\`), for "switchboard →
gemini" a \`POST /v1beta/models/fast-model:streamGenerateContent?alt=sse\` (key in \`x-goog-api-key\`): always
streamed upstream, its events mapped back into Chat Completions chunks, or gathered into one completion when the
client did not stream. "portkey → anthropic" is Portkey's Anthropic provider doing the same to the same upstream
(custom host, \`/v1/messages\`, streamed only when the client streams). "direct anthropic" calls the upstream's
Messages endpoint with an Anthropic body: the floor of these routes. The upstream answers every protocol with the
same words, chunk for chunk, and every answer is checked whole in its own format.

`
}

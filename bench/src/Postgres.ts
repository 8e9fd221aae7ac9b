/**
 * Switchboard on PostgreSQL, for the bench: the gateway's relayed route served by an instance whose store is a
 * throwaway PostgreSQL cluster (its read cache means no query per request, so its requests/s should match the SQLite
 * instance's), and the delay before a change made through a second instance on the same database is seen by the
 * first (LISTEN/NOTIFY; a polled counter behind it). Measured only where PostgreSQL's binaries are installed.
 */
import { findBinaries, type PgCluster, startCluster } from "@switchboard/testing/PgCluster"
import { randomBytes } from "node:crypto"
import { find, type Goal, goalTable, ms, pct, rate } from "./Markdown"
import { modes, type Results } from "./Results"
import { percentile } from "./Stats"
import { addProvider, startSwitchboard, type Switchboard } from "./Switchboard"

export interface PostgresInstance {
  readonly cluster: PgCluster
  readonly switchboard: Switchboard
  readonly providerId: string
  /** Environment of an instance on the same database (the same master key). */
  readonly env: Readonly<Record<string, string>>
  readonly stop: () => Promise<void>
}

export interface PropagationResult {
  readonly samples: number
  readonly p50: number
  readonly p99: number
  readonly max: number
}

/** The instance on a new cluster, with an OpenAI-type provider on `upstreamUrl`; none without PostgreSQL. */
export const startPostgresInstance = async (
  upstreamUrl: string,
  apiKey: string
): Promise<PostgresInstance | undefined> => {
  const bin = findBinaries()
  if (bin === undefined) return undefined
  const cluster = await startCluster(bin)
  const env = { SWITCHBOARD_DATABASE_URL: cluster.url, SWITCHBOARD_MASTER_KEY: randomBytes(32).toString("hex") }
  try {
    const switchboard = await startSwitchboard({ env })
    const providerId = await addProvider(switchboard, {
      name: "Bench upstream",
      baseUrl: upstreamUrl,
      apiKeys: [apiKey]
    })
    return {
      cluster,
      switchboard,
      providerId,
      env,
      stop: async () => {
        await switchboard.stop()
        cluster.destroy()
      }
    }
  } catch (error) {
    cluster.destroy()
    throw error
  }
}

/**
 * Changes a provider `samples` times through a second instance and times, from the end of each change's answer, until
 * the first instance's (cached) read of the provider shows it, polling every millisecond or so.
 */
export const measurePropagation = async (instance: PostgresInstance, samples: number): Promise<PropagationResult> => {
  const other = await startSwitchboard({ env: instance.env })
  const id = await addProvider(other, { name: "Propagation probe", baseUrl: "http://127.0.0.1:9/", models: [] })
  const delays: Array<number> = []
  try {
    const nameOn = async () =>
      ((await instance.switchboard.call("GET", `/api/providers/${id}`)).json as { name: string }).name
    await nameOn()
    for (let i = 0; i < samples; i++) {
      const name = `Propagation probe ${i}`
      const changed = await other.call("PATCH", `/api/providers/${id}`, { name })
      if (changed.status !== 200) throw new Error(`renaming the probe: ${changed.status} ${changed.text}`)
      const start = performance.now()
      while ((await nameOn()) !== name) {
        if (performance.now() - start > 10_000) throw new Error("a change did not arrive within 10 s")
        await new Promise((resolve) => setTimeout(resolve, 1))
      }
      delays.push(performance.now() - start)
    }
  } finally {
    await other.stop()
  }
  return { samples, p50: percentile(delays, 50), p99: percentile(delays, 99), max: Math.max(...delays) }
}

/** The goals for PostgreSQL: requests/s within 5% of the SQLite instance's, changes seen within a second. */
export const postgresGoals = (results: Results): ReadonlyArray<Goal> => {
  const out: Array<Goal> = []
  for (const { label, mode } of modes(results)) {
    const sqlite = find(mode.throughput, "switchboard")?.requestsPerSecond
    const postgres = find(mode.throughput, "switchboard postgres")?.requestsPerSecond
    if (sqlite === undefined || postgres === undefined) continue
    out.push({
      goal: `${label}: on PostgreSQL, requests/s within 5% of the SQLite run`,
      measured: `${rate(postgres)} vs ${rate(sqlite)} req/s: ${pct(postgres / sqlite)}`,
      met: postgres >= 0.95 * sqlite
    })
  }
  const p = results.propagation
  if (p !== undefined)
    out.push({
      goal: "a change through one instance is seen by another within 1 s",
      measured: `p50 ${ms(p.p50)} ms, p99 ${ms(p.p99)} ms, max ${ms(p.max)} ms over ${p.samples} changes`,
      met: p.max < 1_000
    })
  return out
}

/** The report's PostgreSQL section; empty when PostgreSQL was not measured. */
export const postgresSection = (results: Results): string => {
  const list = postgresGoals(results)
  if (list.length === 0) return ""
  return `## PostgreSQL

${goalTable(list)}

"switchboard postgres" is the relayed route of "switchboard" served by an instance whose store is PostgreSQL (a
throwaway cluster on this machine, \`SWITCHBOARD_DATABASE_URL\`) instead of the SQLite file: the read cache answers
the gateway's provider lookups from memory, so no request queries the database. Propagation: a second instance on
the same database renames a provider; the delay runs from the end of that answer until the first instance's cached
read of the provider shows the new name (LISTEN/NOTIFY; a change counter read every 500 ms catches a missed one).

`
}

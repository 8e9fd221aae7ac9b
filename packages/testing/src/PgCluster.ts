/**
 * A throwaway PostgreSQL cluster for tests and drills: `initdb` into a temporary directory, `postgres` on a free
 * port of 127.0.0.1, removed again by `destroy`. The binaries come from Debian's `postgresql` package
 * (`/usr/lib/postgresql/<version>/bin`) or the `PATH`. PostgreSQL refuses to run as root, so under root the cluster
 * runs as the `postgres` user the package creates. Durability is switched off: nothing here outlives the run.
 */
import { type SpawnSyncOptions, spawnSync } from "node:child_process"
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"

/** The directory holding `initdb`, `pg_ctl` and `postgres`, newest version first; `undefined` when none is installed. */
export const findBinaries = (): string | undefined => {
  const root = "/usr/lib/postgresql"
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions[0] !== undefined) return join(root, versions[0], "bin")
  const found = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" })
  return found.status === 0 ? join(found.stdout.trim(), "..") : undefined
}

/** The uid and gid to run PostgreSQL as: ours, or the `postgres` user's when we are root. */
const runAs = (): { readonly uid: number; readonly gid: number } | undefined => {
  if (process.getuid?.() !== 0) return undefined
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim())
  const uid = id("-u")
  if (!Number.isInteger(uid) || uid === 0) {
    throw new Error("PostgreSQL does not run as root and there is no postgres user: install Debian's postgresql")
  }
  return { uid, gid: id("-g") }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject()))
    })
  })

export interface PgCluster {
  /** `postgres://switchboard@127.0.0.1:<port>/switchboard`, the cluster's first database. */
  readonly url: string
  readonly port: number
  /** Stops the server at once, as a crash would (`-m immediate`); `start` brings it back on the same port. */
  readonly stop: () => void
  readonly start: () => void
  /** Stops the server and removes its directory. */
  readonly destroy: () => void
}

/** Starts a cluster with the binaries in `bin` (see `findBinaries`). */
export const startCluster = async (bin: string): Promise<PgCluster> => {
  const user = runAs()
  const dir = mkdtempSync(join(tmpdir(), "switchboard-pg-"))
  chmodSync(dir, 0o700)
  if (user !== undefined) chownSync(dir, user.uid, user.gid)
  const data = join(dir, "data")
  const port = await freePort()
  const options: SpawnSyncOptions = { encoding: "utf8", cwd: dir, ...user, stdio: ["ignore", "pipe", "pipe"] }
  const run = (tool: string, args: ReadonlyArray<string>) => {
    const result = spawnSync(join(bin, tool), args, options)
    if (result.status !== 0) {
      throw new Error(`${tool} ${args.join(" ")} failed: ${String(result.stderr || result.error || result.status)}`)
    }
  }
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300"
  ].join(" ")
  const start = () => run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", settings, "-w", "-t", "30", "start"])
  const stop = () => run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])

  run("initdb", ["-D", data, "-U", "switchboard", "--auth=trust", "--no-sync", "-E", "UTF8", "--no-locale"])
  start()
  const base = `postgres://switchboard@127.0.0.1:${port}`
  const admin = new pg.Client({ connectionString: `${base}/postgres` })
  await admin.connect()
  await admin.query("CREATE DATABASE switchboard")
  await admin.end()

  return {
    url: `${base}/switchboard`,
    port,
    stop,
    start,
    destroy: () => {
      try {
        stop()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
}

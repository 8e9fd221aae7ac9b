/**
 * The bearer token: `SWITCHBOARD_TOKEN` when set, otherwise one generated on first start and kept in the data
 * directory (mode 0600, like the master key) so it survives restarts and the dashboard's saved sign-in stays valid.
 */
import { randomBytes } from "node:crypto"
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises"
import { join } from "node:path"

export const tokenFileName = "server-token"

export interface Token {
  readonly value: string
  readonly source: "env" | "file" | "generated"
  /** Where it is kept, for the start-up message. */
  readonly path?: string
}

/** 32 random bytes, URL-safe: unguessable, and pastes cleanly into shells and headers. */
const generate = () => `sb_${randomBytes(32).toString("base64url")}`

export const resolveToken = async (explicit: string | undefined, dataDir: string): Promise<Token> => {
  if (explicit !== undefined) return { value: explicit, source: "env" }
  const path = join(dataDir, tokenFileName)
  const existing = await readFile(path, "utf8").then(
    (text) => text.trim(),
    () => undefined
  )
  if (existing !== undefined && existing !== "") {
    // A copy that lost its permissions (restored from a backup, say) is tightened again.
    if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600)
    return { value: existing, source: "file", path }
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const value = generate()
  await writeFile(path, `${value}\n`, { mode: 0o600 })
  return { value, source: "generated", path }
}

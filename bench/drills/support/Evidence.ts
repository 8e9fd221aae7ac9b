/**
 * Everything the drills leave behind, in one directory per run: each server's data directory, its log (stdout and
 * stderr), every response a drill received, and the list of plain keys the drills configured. The secrets check
 * greps all of it for those keys — per drill at the end of its file, and once more over the whole run in the global
 * teardown — so a key that leaks anywhere, in any drill, fails the run.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"

export interface Leak {
  readonly file: string
  /** The key's first characters only: the report must not print the key it complains about. */
  readonly keyPrefix: string
}

export interface Evidence {
  readonly dir: string
  /** A fresh data directory for a server of this drill. */
  readonly dataDir: (name: string) => string
  /** Notes a plain key the drill gave Switchboard. */
  readonly key: (key: string) => string
  /** Appends text (a log, a response) to this drill's record of `kind`. */
  readonly record: (kind: string, text: string) => void
  /** Every file of this drill that contains one of its keys. */
  readonly leaks: () => ReadonlyArray<Leak>
}

const keysFile = (dir: string) => join(dir, "keys.txt")

export const openEvidence = (root: string, drill: string): Evidence => {
  const dir = join(root, drill)
  mkdirSync(dir, { recursive: true })
  let servers = 0
  return {
    dir,
    dataDir: (name) => {
      const path = join(dir, "data", `${name}-${++servers}`)
      mkdirSync(path, { recursive: true })
      return path
    },
    key: (key) => {
      appendFileSync(keysFile(root), `${key}\n`)
      appendFileSync(keysFile(dir), `${key}\n`)
      return key
    },
    record: (kind, text) => appendFileSync(join(dir, `${kind}.txt`), `${text}\n`),
    leaks: () => findLeaks(dir)
  }
}

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })

/** Greps every file under `dir` (databases included, as bytes) for every key listed in `dir/keys.txt`. */
export const findLeaks = (dir: string): ReadonlyArray<Leak> => {
  let keys: Array<string>
  try {
    keys = [
      ...new Set(
        readFileSync(keysFile(dir), "utf8")
          .split("\n")
          .filter((key) => key !== "")
      )
    ]
  } catch {
    return []
  }
  const leaks: Array<Leak> = []
  for (const file of walk(dir)) {
    if (file.endsWith("keys.txt")) continue
    const content = readFileSync(file)
    for (const key of keys)
      if (content.includes(key)) leaks.push({ file: file.slice(dir.length + 1), keyPrefix: `${key.slice(0, 6)}…` })
  }
  return leaks
}

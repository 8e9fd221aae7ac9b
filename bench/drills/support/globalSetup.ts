/**
 * The drills' run-wide setup: one evidence directory for the whole run (handed to each drill with `inject`), and
 * after every drill has finished, one last sweep of all of it for plain keys. A leak found there fails the run even
 * if the drill that caused it did not look.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { TestProject } from "vitest/node"
import { findLeaks } from "./Evidence"

declare module "vitest" {
  export interface ProvidedContext {
    evidenceDir: string
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-drills-"))
  project.provide("evidenceDir", dir)
  return () => {
    const leaks = findLeaks(dir)
    if (leaks.length > 0)
      throw new Error(
        `plain API keys found after the drills (evidence kept in ${dir}):\n${leaks.map((leak) => `  ${leak.keyPrefix} in ${leak.file}`).join("\n")}`
      )
    rmSync(dir, { recursive: true, force: true })
  }
}

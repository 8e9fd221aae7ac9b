/**
 * A fresh directory under the system temp dir for one test, removed when the test's scope closes.
 */
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "switchboard-test-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

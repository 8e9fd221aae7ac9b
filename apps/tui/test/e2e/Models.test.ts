/**
 * Issue 19's models work in a real terminal (tmux, 120×40, then 80×24) against a local OpenAI-compatible server with
 * 3 keys, one refused, and 20 models, two unknown upstream: the check of every model × key from the TUI sees exactly
 * those failures; a second check is cancelled with esc, aborting its requests; and after the upstream drops a model
 * and adds another, a sync shows the diff. Without tmux the test is skipped with a message, except under `CI=true`,
 * where a missing tmux is a failure.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as OpenAiFrames from "@switchboard/testing/OpenAiFrames"
import stringWidth from "string-width"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { buildApp, hasTmux, runCommand, startTerminal, type Terminal } from "../support/Tmux"
import { startUpstream, type Upstream } from "../support/VllmUpstream"

const inCi = process.env.CI === "true"
const goodKeys = ["sk-good-0000001111", "sk-also-good-0000003333"]
const refusedKey = "sk-refused-0000002222"
const known = Array.from({ length: 18 }, (_, i) => `model-${String(i + 1).padStart(2, "0")}`)
const unknown = ["unknown-a", "unknown-b"]

if (!hasTmux && inCi)
  describe("models in a real terminal", () => {
    it("needs tmux under CI=true", () => {
      throw new Error("tmux is not installed, and CI=true requires the real-terminal test; install tmux (.ci/run does)")
    })
  })

describe.skipIf(!hasTmux)(
  hasTmux ? "models in a real terminal (tmux)" : "models in a real terminal — skipped: tmux is not installed",
  () => {
    let dataDir: string
    let upstream: Upstream
    let terminal: Terminal | undefined

    beforeAll(async () => {
      buildApp()
      dataDir = mkdtempSync(join(tmpdir(), "switchboard-e2e-models-"))
      upstream = await startUpstream({ models: known, key: goodKeys })
      upstream.behave((chat) =>
        unknown.includes(chat.model)
          ? { kind: "status", status: 404, body: OpenAiFrames.error("The model does not exist") }
          : { kind: "answer", pieces: ["Hi"] }
      )
      const keyArgs = [goodKeys[0]!, refusedKey, goodKeys[1]!].flatMap((key) => ["--key", key])
      const added = await runCommand(
        dataDir,
        ...["providers", "add", "--name", "Local", "--type", "openai", "--base-url", upstream.url, ...keyArgs]
      )
      expect(added).toMatchObject({ status: 0, stderr: "added Local (local)\n" })
      expect((await runCommand(dataDir, "models", "add", "local", ...known, ...unknown)).status).toBe(0)
    }, 180_000)

    afterAll(async () => {
      terminal?.close()
      await upstream?.close()
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
    })

    it("checks every model × key, cancels a check, and shows the sync's diff", async () => {
      const t = startTerminal(dataDir, 120, 40)
      terminal = t
      await t.waitFor("Switchboard · Providers", 60_000)
      await t.waitFor("Local")
      t.keys("Enter")
      await t.waitFor(" Settings ")
      t.keys("BTab")
      await t.waitFor("k check")

      // The whole check: 18 known models pass with the two good keys; the refused key fails all 20, and the good
      // keys the two unknown models.
      t.keys("k")
      await t.waitFor("Check 20 models × 3 keys")
      t.keys("Enter")
      const done = await t.waitFor("Done in", 120_000)
      expect(done).toContain("36 passed, 24 failed")
      expect(done).toContain("60/60")
      const failedModels = done.split("\n").find((line) => line.startsWith("Failed models: "))!
      expect(failedModels.replace("Failed models: ", "").trim().split(", ").sort()).toEqual(unknown)
      expect(done).toMatch(/Keys refused everywhere: sk-…2222\s*\n/)
      expect(done).toMatch(/✗ unknown-[ab]\s+sk-…(1111|3333)\s+NotFound\s+HTTP 404\s+\d+ ms/)
      expect(done).toMatch(/✗ model-\d\d\s+sk-…2222\s+Authentication\s+HTTP 401\s+\d+ ms/)
      expect(done).not.toContain(refusedKey)
      expect(done.split("\n").every((line) => stringWidth(line) <= 120)).toBe(true)

      // The results stay next to each model.
      t.keys("Escape")
      await t.waitFor(/model-01 .*2\/3 ok/)
      expect(t.screen()).toMatch(/unknown-a .*✗ 0\/3/)

      // A check cancelled with esc: the probes hang until it stops them.
      upstream.behave({ kind: "hang" })
      const abandoned = upstream.stats().aborted
      t.keys("k")
      await t.waitFor("Check 20 models × 3 keys")
      t.keys("Enter")
      await t.waitFor("Checking 60 models × keys")
      t.keys("Escape")
      await t.waitFor(/Stopped after \d+ of 60/)
      await upstream.until(() => upstream.stats().aborted > abandoned, "the hanging probes aborted", 30_000)
      t.keys("Escape")
      await t.waitFor("k check")

      // The upstream drops a model and adds another: the sync shows it, beside the two it never offered.
      upstream.set({ models: [...known.filter((id) => id !== "model-07"), "brand-new"] })
      t.keys("s")
      await t.waitFor("The provider's list: 1 new, 3 gone, 17 unchanged")
      const diff = t.screen()
      expect(diff).toMatch(/New upstream \(1\)\s*\n\+ brand-new/)
      expect(diff).toMatch(/No longer offered \(marked gone\) \(3\)/)
      expect(diff).toContain("- model-07")
      expect(diff).toContain("Unchanged (17)")

      // At 80×24 the models tab still fits: the gone model marked, every line inside the width.
      t.keys("Escape")
      t.resize(80, 24)
      await t.waitFor(/model-07 .*gone/)
      expect(
        t
          .screen()
          .split("\n")
          .every((line) => stringWidth(line) <= 80)
      ).toBe(true)
    }, 300_000)
  }
)

/**
 * The built TUI in a real terminal: tmux at 80×24 on a fresh data directory. It adds a keyless OpenAI-type provider
 * pointing at a local vLLM-style server, verifies it, adds a model, chats, and reads the streamed answer off the
 * screen with `tmux capture-pane` — in colour, and with an answer mixing emoji and CJK wrapped without losing a
 * character. It deletes a conversation after confirming, and sees a provider the CLI switches off while it runs. Then
 * the scripting commands read the same store. Without tmux the test is skipped
 * with a message, except under `CI=true`, where a missing tmux is a failure.
 */
import { execFile, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import stringWidth from "string-width"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { waitUntil } from "../support/renderTui"
import { answerPieces, startUpstream, type Upstream } from "../support/VllmUpstream"

const app = resolve(import.meta.dirname, "../..")
const hasTmux = spawnSync("tmux", ["-V"]).status === 0
const inCi = process.env.CI === "true"

/** An escape sequence setting attribute `code` (1 bold, 7 inverse, 36 cyan), alone or among others. */
const sgr = (code: number) => new RegExp(`${String.fromCharCode(27)}\\[(?:\\d+;)*${code}(?:;\\d+)*m`)

if (!hasTmux && inCi)
  describe("real terminal", () => {
    it("needs tmux under CI=true", () => {
      throw new Error("tmux is not installed, and CI=true requires the real-terminal test; install tmux (.ci/run does)")
    })
  })

describe.skipIf(!hasTmux)(
  hasTmux
    ? "real terminal (tmux, 80×24)"
    : "real terminal — skipped: tmux is not installed (install it to run this test)",
  () => {
    // A private tmux server, so the test never touches the user's sessions.
    const socket = `switchboard-e2e-${process.pid}`
    const session = "sb"
    let dataDir: string
    let upstream: Upstream

    const tmux = (...args: ReadonlyArray<string>) => {
      const result = spawnSync("tmux", ["-L", socket, "-f", "/dev/null", ...args], { encoding: "utf8" })
      return { ok: result.status === 0, out: result.stdout ?? "", err: result.stderr ?? "" }
    }
    const screen = () => tmux("capture-pane", "-p", "-t", session).out
    /** The screen with its colours and attributes, as escape sequences. */
    const styled = () => tmux("capture-pane", "-p", "-e", "-t", session).out
    const keys = (...names: ReadonlyArray<string>) => tmux("send-keys", "-t", session, ...names)
    const type = (text: string) => tmux("send-keys", "-t", session, "-l", text)
    const waitFor = (text: string, timeoutMs = 20_000) =>
      waitUntil(() => {
        const shown = screen()
        if (!shown.includes(text)) throw new Error(`The terminal never showed "${text}"; it shows:\n${shown}`)
      }, timeoutMs)
    // Asynchronous: the upstream server runs in this process and must keep answering while a command waits on it.
    const command = (...args: ReadonlyArray<string>) =>
      new Promise<{ readonly status: number; readonly stdout: string; readonly stderr: string }>((done) => {
        execFile(
          process.execPath,
          ["dist/main.js", ...args],
          { cwd: app, encoding: "utf8", env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir } },
          (error, stdout, stderr) => done({ status: error === null ? 0 : Number(error.code ?? 1), stdout, stderr })
        )
      })

    beforeAll(async () => {
      const built = spawnSync(process.execPath, ["build.mjs"], { cwd: app, encoding: "utf8" })
      if (built.status !== 0) throw new Error(`the build failed:\n${built.stderr}`)
      dataDir = mkdtempSync(join(tmpdir(), "switchboard-e2e-"))
      upstream = await startUpstream({ models: ["gpt2"] })
    }, 120_000)

    /** The private server's socket file, which tmux leaves behind when its last session ends. */
    let socketPath = ""

    /** The built TUI in a new 80×24 session on the test's data directory, with `env` (`NAME=value …`) set. */
    const launch = (env: string) => {
      const started = tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "80",
        "-y",
        "24",
        `cd ${JSON.stringify(app)} && env ${env} SWITCHBOARD_DATA_DIR=${JSON.stringify(dataDir)} ${JSON.stringify(process.execPath)} dist/main.js`
      )
      expect(started.err).toBe("")
      socketPath = tmux("display-message", "-p", "#{socket_path}").out.trim()
    }

    afterAll(async () => {
      tmux("kill-server")
      if (socketPath !== "") rmSync(socketPath, { force: true })
      await upstream?.close()
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
    })

    it("adds, verifies, adds a model and chats, reading the answer from the screen", async () => {
      const trace = join(dataDir, "startup.trace")
      const startedAt = Date.now()
      // CI=true as on a CI runner: the UI must still draw live and in colour.
      launch(`CI=true SWITCHBOARD_STARTUP_TRACE=${JSON.stringify(trace)}`)
      // If the TUI dies, its last words stay on the screen for the failure message instead of the pane vanishing.
      tmux("set-option", "-t", session, "remain-on-exit", "on")
      // Generous: under `pnpm test` this runs beside Chromium and the drills on two cores.
      await waitFor("Switchboard · Providers", 60_000)
      const seenAfterMs = Date.now() - startedAt
      await waitFor("No providers yet")
      const firstFrame = readFileSync(trace, "utf8").trim()
      console.info(
        `time to first frame: ${firstFrame} (inside the process); seen on the tmux screen after ${seenAfterMs} ms`
      )

      // Colour and attributes reach the terminal, whatever CI says in the environment (the title is bold cyan).
      expect(styled()).toMatch(sgr(36))
      expect(styled()).toMatch(sgr(1))

      // Every line fits 80 columns and the frame fits 24 rows.
      expect(
        screen()
          .split("\n")
          .every((line) => line.length <= 80)
      ).toBe(true)

      keys("a")
      await waitFor("Switchboard · Add provider")
      // The text cursor is drawn inverse.
      await waitUntil(() => expect(styled()).toMatch(sgr(7)))
      type("Local vLLM")
      await waitFor("local-vllm")
      keys("Down", "Down", "Down")
      type(upstream.url)
      await waitFor(`chat → ${upstream.url}/v1/chat/completions`)
      keys("Enter")
      await waitFor("Switchboard · Local vLLM")

      keys("v")
      await waitFor("✓ Verified")
      expect(screen()).toContain(`${upstream.url}/v1/models`)

      // Verify opened the API keys tab; the Models tab is two back from there.
      keys("BTab", "BTab")
      await waitFor("No models yet")
      keys("n")
      type("gpt2")
      keys("Enter")
      await waitFor("Added 1 model")

      keys("c")
      await waitFor("Local vLLM / gpt2")
      type("Hello there")
      keys("Enter")
      await waitFor("Hello from the test server.")
      await waitFor("out 5 tokens")
      expect(upstream.chats().at(-1)).toMatchObject({
        model: "gpt2",
        messages: [{ role: "user", content: "Hello there" }]
      })

      // An answer mixing emoji, accents and a long run of CJK wraps at 80 columns with nothing lost.
      const mixed = [
        "Bonjour 👋 ça va? Voici une réponse qui mélange les écritures: ",
        "日本語の答えは長くてスペースがありません、それでも全部の文字が画面に残るべきです。",
        " Fin de la réponse 🎉 merci."
      ]
      upstream.behave({ kind: "answer", pieces: mixed })
      keys("C-n")
      await waitFor("New conversation")
      type("Mixed scripts")
      keys("Enter")
      await waitFor("out 3 tokens")
      const lines = screen().split("\n")
      expect(lines.every((line) => stringWidth(line) <= 80)).toBe(true)
      const shown = lines.map((line) => line.trim()).join("")
      for (const word of mixed
        .join("")
        .split(/\s+/)
        .filter((w) => w !== ""))
        expect(shown.replace(/\s+/g, "")).toContain(word)
      expect(shown.replace(/\s+/g, "")).toContain(mixed.join("").replace(/\s+/g, ""))
      upstream.behave({ kind: "answer", pieces: answerPieces })

      // Deleting a conversation asks first.
      keys("C-o")
      await waitFor("Earlier conversations")
      await waitFor("Mixed scripts")
      keys("C-d")
      await waitFor("Delete “Mixed scripts” and its messages? y/n")
      keys("n")
      await waitUntil(() => expect(screen()).not.toContain("y/n"))
      keys("C-d")
      await waitFor("y/n")
      keys("y")
      await waitFor("Deleted “Mixed scripts”")
      keys("Escape")

      // A resize re-lays the screen out to the new width.
      tmux("resize-window", "-t", session, "-x", "100", "-y", "30")
      await waitUntil(() => expect(screen().split("\n")[0]!.trimEnd().length).toBe(100))
      tmux("resize-window", "-t", session, "-x", "80", "-y", "24")
      await waitUntil(() => expect(screen().split("\n")[0]!.trimEnd().length).toBe(80))

      keys("Escape")
      await waitFor("Switchboard · Local vLLM")
      keys("Escape")
      await waitFor("Switchboard · Providers")
      await waitFor("✓ no key")

      // The CLI switches the provider off while the TUI shows it: the list follows.
      await waitFor("● on")
      const disabled = await command("providers", "disable", "local-vllm")
      expect(disabled.status).toBe(0)
      await waitFor("○ off")
      keys("Space")
      await waitFor("● on")
      keys("q")
      // The process exits on `q` (the pane stays, dead, because of remain-on-exit).
      await waitUntil(() => expect(tmux("display-message", "-p", "-t", session, "#{pane_dead}").out.trim()).toBe("1"))

      // The scripting commands see what the TUI stored.
      const listed = await command("providers", "list", "--json")
      expect(listed.status).toBe(0)
      expect(JSON.parse(listed.stdout)).toMatchObject([
        { id: "local-vllm", name: "Local vLLM", type: "openai", enabled: true, apiKeys: [], models: [{ id: "gpt2" }] }
      ])
      const answered = await command("chat", "local-vllm/gpt2", "Once more")
      expect(answered.status).toBe(0)
      expect(answered.stdout).toBe("Hello from the test server.\n")
      const failed = await command("verify", "nope")
      expect(failed.status).toBe(1)
      expect(failed.stderr).toContain('No provider "nope" exists')
    }, 180_000)

    it("under NO_COLOR draws no colour but keeps the cursor inverse and placeholders dim", async () => {
      tmux("kill-session", "-t", session)
      launch("NO_COLOR=1")
      await waitFor("Switchboard · Providers", 60_000)
      keys("a")
      await waitFor("Switchboard · Add provider")
      await waitUntil(() => expect(styled()).toMatch(sgr(7)))
      expect(styled()).toMatch(sgr(2))
      // No foreground colour at all: neither the 16 colours (30–37, 90–97) nor 256 or true colour (38;…).
      for (const code of [30, 31, 32, 33, 34, 35, 36, 37, 38, 90, 91, 92, 93, 94, 95, 96, 97])
        expect(styled()).not.toMatch(sgr(code))
      keys("Escape")
      await waitFor("Switchboard · Providers")
      keys("q")
      await waitUntil(() => expect(tmux("list-sessions").ok).toBe(false))
    }, 120_000)
  }
)

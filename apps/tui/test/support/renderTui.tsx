/**
 * The one render helper of the component tests: the whole TUI (`Root`) on an in-memory core with the real adapters,
 * at a fixed terminal size (80×24 unless a test asks otherwise). Keys go in through stdin, by name; tests wait on
 * what the screen shows, never on time.
 */
import type { NewProvider } from "@switchboard/core/domain/ProviderInput"
import type { Effect } from "effect"
import { ManagedRuntime } from "effect"
import { render } from "ink-testing-library"
import { Profiler, type ReactElement } from "react"
import type { Size } from "../../src/components/shared/useTerminalSize"
import { type Core, memory } from "../../src/runtime/AppLayer"
import { type Bridge, makeBridge } from "../../src/runtime/Bridge"
import { providers } from "../../src/runtime/Core"
import { Root } from "../../src/Root"

/** Terminal input for the keys tests press. */
export const keys = {
  up: "\x1b[A",
  down: "\x1b[B",
  right: "\x1b[C",
  left: "\x1b[D",
  shiftUp: "\x1b[1;2A",
  shiftDown: "\x1b[1;2B",
  pageUp: "\x1b[5~",
  pageDown: "\x1b[6~",
  enter: "\r",
  escape: "\x1b",
  tab: "\t",
  shiftTab: "\x1b[Z",
  backspace: "\x7f",
  space: " ",
  ctrl: (letter: string) => String.fromCharCode(letter.toLowerCase().charCodeAt(0) - 96)
} as const

/**
 * The screen's text with the terminal's line wrapping undone, for expectations about text that may wrap at 80
 * columns: every run of spaces and line breaks counts as nothing, so a sentence or URL split over lines still
 * matches. Expectations about layout use the raw screen instead.
 */
export const unwrapped = (text: string): string => text.replace(/\s+/g, "")

export interface RenderOptions {
  readonly columns?: number
  readonly rows?: number
  /**
   * What to render instead of the whole app, for the few components that cannot be reached through it (the error
   * boundary); it gets the same bridge and size.
   */
  readonly element?: (bridge: Bridge, size: Size) => ReactElement
  /** Providers to add (as `Providers.add` inputs) before the first frame. */
  readonly providers?: ReadonlyArray<NewProvider>
}

/** Resolves once `check` passes, retrying on every tick; fails with the last screen after `timeoutMs`. */
export const waitUntil = async (check: () => void, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      check()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
}

export const renderTui = async (options: RenderOptions = {}) => {
  const runtime = ManagedRuntime.make(memory())
  for (const input of options.providers ?? []) await runtime.runPromise(providers((p) => p.add(input)))
  const bridge = makeBridge(runtime)
  const size = { columns: options.columns ?? 80, rows: options.rows ?? 24 }
  // Every React commit, counted: how often the app re-rendered (the test renderer's frames are throttled by Ink).
  const commits = { count: 0 }
  const instance = render(
    <Profiler id="tui" onRender={() => commits.count++}>
      {options.element === undefined ? <Root bridge={bridge} size={size} /> : options.element(bridge, size)}
    </Profiler>
  )

  const screen = (): string => instance.lastFrame() ?? ""

  /** Waits until the screen shows `text` (or passes `predicate`), and returns the screen. */
  const waitFor = async (expected: string | RegExp | ((screen: string) => boolean), timeoutMs = 5_000) => {
    const test =
      typeof expected === "function"
        ? expected
        : typeof expected === "string"
          ? (s: string) => s.includes(expected) || unwrapped(s).includes(unwrapped(expected))
          : (s: string) => expected.test(s)
    await waitUntil(() => {
      if (!test(screen())) throw new Error(`Timed out waiting for ${String(expected)}; the screen shows:\n${screen()}`)
    }, timeoutMs)
    // A frame is drawn before React runs the new screen's effects, and Ink's `useInput` subscribes in an effect: a
    // key pressed in between reaches no handler and is lost (seen under load in CI). Let the effects run first.
    await new Promise((resolve) => setTimeout(resolve, 10))
    return screen()
  }

  /** Presses keys one at a time, each after Ink has taken the previous one. */
  const press = async (...sequence: ReadonlyArray<string>) => {
    for (const key of sequence) {
      instance.stdin.write(key)
      // Ink holds a lone ESC back (it may start an escape sequence) and emits it from a later turn of the event
      // loop; the next key must not overtake it, or it would be read against the screen before the ESC.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  /** Types text as one paste, the way a terminal delivers it. */
  const type = (text: string) => press(text)

  /** Runs a core effect directly (seeding data, or checking what is stored). */
  const core = async <A, E>(effect: Effect.Effect<A, E, Core>): Promise<A> => runtime.runPromise(effect)

  const dispose = async () => {
    instance.unmount()
    await runtime.dispose()
  }

  return { screen, waitFor, press, type, core, commits, dispose }
}

export type Tui = Awaited<ReturnType<typeof renderTui>>

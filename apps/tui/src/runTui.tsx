/**
 * Starts the terminal UI: the alternate screen (so the shell's scrollback is untouched), the first frame drawn at
 * once, then the core loaded and opened in the background — screens say "Loading…" until it answers — and on exit
 * the core disposed and the screen restored.
 */
import { render } from "ink"
import { writeFileSync } from "node:fs"
import { type CoreRuntime, makeDeferredBridge } from "./runtime/Bridge"
import { Root } from "./Root"

const enterAltScreen = "\x1b[?1049h\x1b[H"
const leaveAltScreen = "\x1b[?1049l"

export const runTui = async (loadRuntime: () => Promise<CoreRuntime>): Promise<number> => {
  let resolveRuntime: (runtime: Promise<CoreRuntime>) => void = () => {}
  const runtime = new Promise<CoreRuntime>((resolve) => {
    resolveRuntime = resolve
  })
  process.stdout.write(enterAltScreen)
  const restore = () => process.stdout.write(leaveAltScreen)
  process.once("exit", restore)
  const instance = render(<Root bridge={makeDeferredBridge(runtime)} />, { exitOnCtrlC: false, patchConsole: true })
  // `performance.now()` counts from the process start: this is the time to the first frame, module loading included.
  const trace = process.env.SWITCHBOARD_STARTUP_TRACE
  if (trace !== undefined && trace !== "") writeFileSync(trace, `firstFrameMs=${performance.now().toFixed(1)}\n`)
  // Only now load the core: its modules are most of the bundle, and parsing them would delay the first frame.
  setImmediate(() => resolveRuntime(loadRuntime()))
  try {
    await instance.waitUntilExit()
    return 0
  } finally {
    await runtime.then(
      (r) => r.dispose(),
      () => undefined
    )
    process.off("exit", restore)
    restore()
  }
}

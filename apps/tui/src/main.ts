/**
 * `switchboard`: without arguments the terminal UI, with a command the scripting interface (`switchboard --help`).
 * Both embed the same core on the same data directory as the server. Each path loads only its own code, and the UI
 * loads the core's heavy parts (adapters, SQLite, HTTP) only after its first frame is on screen.
 */
const args = process.argv.slice(2)

const tui = async (): Promise<number> => {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      "error: the terminal UI needs an interactive terminal; for scripts use a command (switchboard --help)\n"
    )
    return 2
  }
  // Here both ends are a terminal a person (or tmux) is looking at, whatever the environment says. Ink renders only
  // the last frame when it thinks it runs in CI (`CI` or `CONTINUOUS_INTEGRATION`, read when Ink loads), and chalk
  // turns colour off for any `CI` it does not know; without them both judge the terminal itself (TERM, COLORTERM,
  // FORCE_COLOR). `NO_COLOR` is the theme's business.
  delete process.env.CI
  delete process.env.CONTINUOUS_INTEGRATION
  const { runTui } = await import("./runTui")
  return runTui(() => import("./runtime/AppLayer").then(({ makeRuntime }) => makeRuntime("none")))
}

const cli = async (): Promise<number> => {
  const [{ runCli }, { makeBridge }, { processIo }, { makeRuntime }] = await Promise.all([
    import("./cli/Cli"),
    import("./runtime/Bridge"),
    import("./cli/Io"),
    import("./runtime/AppLayer")
  ])
  const runtime = makeRuntime("stderr")
  try {
    return await runCli(args, makeBridge(runtime), processIo)
  } finally {
    await runtime.dispose()
  }
}

;(args.length === 0 ? tui() : cli()).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  }
)

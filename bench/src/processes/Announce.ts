/**
 * How a helper process tells its parent it is ready: one JSON line on stdout. It exits when its stdin closes, so a
 * parent that dies (or a benchmark stopped with Ctrl-C) never leaves a helper listening behind it.
 */
export const announce = (ready: Readonly<Record<string, unknown>>) => {
  process.stdout.write(`${JSON.stringify(ready)}\n`)
  process.stdin.resume()
  process.stdin.on("end", () => process.exit(0))
  process.stdin.on("close", () => process.exit(0))
}

/**
 * The terminal's size, following resizes, so layouts can size lists and panes to what fits (80×24 at least). Tests
 * pin a size through `TerminalSize`, since the test renderer has no real terminal.
 */
import { useStdout } from "ink"
import { createContext, useContext, useEffect, useState } from "react"

export interface Size {
  readonly columns: number
  readonly rows: number
}

/** A fixed size for tests; `undefined` follows the terminal. */
export const TerminalSize = createContext<Size | undefined>(undefined)

const fallback: Size = { columns: 80, rows: 24 }

const measure = (stdout: NodeJS.WriteStream): Size => ({
  columns: stdout.columns || fallback.columns,
  rows: stdout.rows || fallback.rows
})

export const useTerminalSize = (): Size => {
  const fixed = useContext(TerminalSize)
  const { stdout } = useStdout()
  const [size, setSize] = useState(() => measure(stdout))
  useEffect(() => {
    if (fixed !== undefined) return
    const onResize = () => setSize(measure(stdout))
    stdout.on("resize", onResize)
    return () => {
      stdout.off("resize", onResize)
    }
  }, [stdout, fixed])
  return fixed ?? size
}

/**
 * The one keypress hook. A screen names the commands it handles right now (see `Keybindings`); the hook runs the
 * first whose key was pressed, and returns the names so the help bar shows exactly what works. While a text field
 * has focus (`text` given), printable keys are typed into it and only named keys (enter, esc, arrows, ctrl+…) can
 * run commands. The app-wide commands (help, quit) come from `GlobalCommands` and yield to a screen's own.
 *
 * Each key is read against the screen its predecessor produced: after a key is handled, the next ones wait for
 * React to commit (or, when nothing changed, for a moment), so fast typing or Esc followed by a command never lands
 * on a stale screen.
 */
import { type Key, useInput } from "ink"
import { createContext, useCallback, useContext, useLayoutEffect, useRef } from "react"
import { type Command, keybindings } from "./Keybindings"
import { isPrintable, matches } from "./KeySpec"

/** The commands a screen handles now; `undefined` switches off an app-wide one. */
export type Handlers = { readonly [C in Command]?: (() => void) | undefined }

export interface CommandOptions {
  /** Receives the keys no command took, while a text field has focus. */
  readonly text?: ((input: string, key: Key) => void) | undefined
  /** `false` while something else (an overlay with its own hook) owns the keyboard. */
  readonly active?: boolean
}

/** The app-wide commands, provided once by `Root`. */
export const GlobalCommands = createContext<Handlers>({})

/** `false` for a screen kept open underneath another (the help screen): it keeps its state but hears no keys. */
export const KeyboardActive = createContext(true)

/** How long a key that changed nothing holds the next ones back. */
const settleMs = 15

/** The command `(input, key)` runs among `handlers`, in their order; printable keys are skipped while typing. */
export const resolveCommand = (handlers: Handlers, input: string, key: Key, typing: boolean): Command | undefined => {
  for (const command of Object.keys(handlers) as Array<Command>) {
    if (handlers[command] === undefined) continue
    const keys: ReadonlyArray<string> = keybindings[command].keys
    if (keys.some((spec) => !(typing && isPrintable(spec)) && matches(spec, input, key))) return command
  }
  return undefined
}

export const useCommands = (handlers: Handlers, options: CommandOptions = {}): ReadonlyArray<Command> => {
  const global = useContext(GlobalCommands)
  const active = useContext(KeyboardActive)
  const merged: Handlers = { ...handlers }
  for (const [command, run] of Object.entries(global) as Array<[Command, () => void]>) {
    if (!(command in merged)) (merged as Record<Command, () => void>)[command] = run
  }
  // The latest handlers, read at keypress time: Ink re-subscribes when the listener changes, so it stays stable.
  const latest = useRef({ merged, text: options.text })
  latest.current = { merged, text: options.text }

  const waiting = useRef<Array<readonly [string, Key]>>([])
  const held = useRef(false)
  const timer = useRef<NodeJS.Timeout | undefined>(undefined)

  const drain = useCallback(() => {
    clearTimeout(timer.current)
    held.current = false
    while (!held.current && waiting.current.length > 0) {
      const [input, key] = waiting.current.shift()!
      handle(input, key)
    }
  }, [])

  const handle = (input: string, key: Key) => {
    const { merged, text } = latest.current
    const command = resolveCommand(merged, input, key, text !== undefined)
    held.current = true
    timer.current = setTimeout(drain, settleMs)
    if (command !== undefined) merged[command]?.()
    else text?.(input, key)
  }

  // After every commit the screen is current: let the held keys through.
  useLayoutEffect(() => {
    if (held.current) drain()
  })

  useLayoutEffect(() => () => clearTimeout(timer.current), [])

  const onInput = useCallback((input: string, key: Key) => {
    if (held.current) waiting.current.push([input, key])
    else handle(input, key)
  }, [])

  useInput(onInput, { isActive: active && (options.active ?? true) })
  return (Object.keys(merged) as Array<Command>).filter((command) => merged[command] !== undefined)
}

/**
 * The one keypress hook. A screen names the commands it handles right now (see `Keybindings`); the keyboard runs
 * the first whose key was pressed, and the hook returns the names so the help bar shows exactly what works. While a
 * text field has focus (`text` given), printable keys are typed into it and only named keys (enter, esc, arrows,
 * ctrl+…) can run commands. The app-wide commands (help, quit) come from `GlobalCommands` and yield to a screen's.
 *
 * Ink's input listener lives once, at the root (`KeyboardListener`), and never unmounts: a key typed right after a
 * screen opens reaches the new screen instead of falling between two listeners. Each key is read against the screen
 * its predecessor produced: handling a key also re-renders the listener, and the next keys wait for that commit
 * (which carries the key's own state changes), so fast typing or Esc followed by a command never lands on a stale
 * screen.
 */
import { type Key, useInput } from "ink"
import { createContext, useContext, useLayoutEffect, useState } from "react"
import { type Command, keybindings } from "./Keybindings"
import { isPrintable, matches } from "./KeySpec"

/** The commands a screen handles now; `undefined` switches off an app-wide one. */
export type Handlers = { readonly [C in Command]?: (() => void) | undefined }

export interface CommandOptions {
  /** Receives the keys no command took, while a text field has focus. */
  readonly text?: ((input: string, key: Key) => void) | undefined
}

/** What the help bar shows: the commands that work now, and whether a text field takes printable keys. */
export interface CommandBar {
  readonly commands: ReadonlyArray<Command>
  readonly typing: boolean
}

/** The app-wide commands, provided once by `Root`. */
export const GlobalCommands = createContext<Handlers>({})

/** `false` for a screen kept open underneath another (the help screen): it keeps its state but hears no keys. */
export const KeyboardActive = createContext(true)

/** The command `(input, key)` runs among `handlers`, in their order; printable keys are skipped while typing. */
export const resolveCommand = (handlers: Handlers, input: string, key: Key, typing: boolean): Command | undefined => {
  for (const command of Object.keys(handlers) as Array<Command>) {
    if (handlers[command] === undefined) continue
    const keys: ReadonlyArray<string> = keybindings[command].keys
    if (keys.some((spec) => !(typing && isPrintable(spec)) && matches(spec, input, key))) return command
  }
  return undefined
}

interface Registration {
  readonly handlers: Handlers
  readonly text: CommandOptions["text"]
}

/**
 * Text and Enter read in one chunk (typed ahead, or pasted with its line break) arrive as one input: split it, so the
 * Enter is a key press rather than a control character dropped from the text.
 */
export const splitLines = (input: string, key: Key): ReadonlyArray<readonly [string, Key]> => {
  if (input.length <= 1 || !/[\r\n]/.test(input)) return [[input, key]]
  return input
    .split(/(\r\n|\r|\n)/)
    .filter((part) => part !== "")
    .map((part) => (/^[\r\n]/.test(part) ? (["", { ...key, return: true }] as const) : ([part, key] as const)))
}

/** A safety net only: the commit that releases held keys normally comes within the same turn. */
const settleMs = 250

/** Routes keys to the screen that registered last, one key per commit. */
export class KeyRouter {
  private current: Registration | undefined = undefined
  private readonly waiting: Array<readonly [string, Key]> = []
  private held = false
  private timer: ReturnType<typeof setTimeout> | undefined = undefined
  /** Re-renders `KeyboardListener`, so every handled key ends in a commit. */
  rerender: () => void = () => {}

  register(registration: Registration): void {
    this.current = registration
  }

  unregister(registration: Registration): void {
    if (this.current === registration) this.current = undefined
  }

  readonly input = (input: string, key: Key): void => {
    for (const press of splitLines(input, key)) {
      if (this.held) this.waiting.push(press)
      else this.handle(press[0], press[1])
    }
  }

  /** A commit happened: the screen is current, so the held keys may go through. */
  committed(): void {
    if (this.held) this.drain()
  }

  dispose(): void {
    clearTimeout(this.timer)
  }

  private drain = (): void => {
    clearTimeout(this.timer)
    this.held = false
    while (!this.held && this.waiting.length > 0) {
      const [input, key] = this.waiting.shift()!
      this.handle(input, key)
    }
  }

  private handle(input: string, key: Key): void {
    const current = this.current
    if (current === undefined) return
    const chars = Array.from(input)
    // Keys typed ahead arrive as one chunk ("n" then "gpt2" as "ngpt2"). Outside a text field each character is its
    // own key press: take the first now, the rest after this one's commit (by then a text field may have opened).
    if (current.text === undefined && chars.length > 1 && !key.ctrl && !key.meta) {
      this.waiting.unshift([chars.slice(1).join(""), key])
      this.handle(chars[0]!, key)
      return
    }
    const command = resolveCommand(current.handlers, input, key, current.text !== undefined)
    this.held = true
    this.timer = setTimeout(this.drain, settleMs)
    if (command !== undefined) current.handlers[command]?.()
    else current.text?.(input, key)
    this.rerender()
  }
}

export const KeyRouterContext = createContext<KeyRouter>(new KeyRouter())

/**
 * Ink's one input listener. `Root` renders it once, after every screen: React runs layout effects in tree order, so
 * by the time this one releases held keys, the screens' effects have registered their new handlers.
 */
export const KeyboardListener = () => {
  const router = useContext(KeyRouterContext)
  const [, setTick] = useState(0)
  router.rerender = () => setTick((tick) => tick + 1)
  useInput(router.input)
  // Every commit (the one a key caused included) lets held keys through.
  useLayoutEffect(() => router.committed())
  useLayoutEffect(() => () => router.dispose(), [router])
  return null
}

export const useCommands = (handlers: Handlers, options: CommandOptions = {}): CommandBar => {
  const global = useContext(GlobalCommands)
  const active = useContext(KeyboardActive)
  const router = useContext(KeyRouterContext)
  const merged: Handlers = { ...handlers }
  for (const [command, run] of Object.entries(global) as Array<[Command, () => void]>) {
    if (!(command in merged)) (merged as Record<Command, () => void>)[command] = run
  }
  // A fresh registration every commit, so the keyboard always reads the handlers of the screen on display.
  const [registration] = useState<{ current: Registration }>(() => ({ current: { handlers: {}, text: undefined } }))
  useLayoutEffect(() => {
    registration.current = { handlers: merged, text: options.text }
    if (active) router.register(registration.current)
  })
  useLayoutEffect(() => () => router.unregister(registration.current), [router, registration])

  const typing = options.text !== undefined
  const commands = (Object.keys(merged) as Array<Command>).filter(
    (command) => merged[command] !== undefined && (!typing || keybindings[command].keys.some((k) => !isPrintable(k)))
  )
  return { commands, typing }
}

/**
 * Keys as the keybinding table writes them (`"enter"`, `"shift+up"`, `"ctrl+o"`, `"a"`, `"?"`), how a keypress from
 * Ink matches one, and how one is shown to the user. Named keys and ctrl combinations never produce text, so they
 * stay usable while a text field has focus; single characters are typed into the field instead.
 */
import type { Key } from "ink"

/** The named keys the table may use; anything else is a single printable character. */
const named = {
  up: (k: Key) => k.upArrow,
  down: (k: Key) => k.downArrow,
  left: (k: Key) => k.leftArrow,
  right: (k: Key) => k.rightArrow,
  pageup: (k: Key) => k.pageUp,
  pagedown: (k: Key) => k.pageDown,
  home: (k: Key) => k.home,
  end: (k: Key) => k.end,
  enter: (k: Key) => k.return,
  escape: (k: Key) => k.escape,
  tab: (k: Key) => k.tab,
  // Most terminals send DEL (0x7f) for the Backspace key, which Ink calls `delete`; the forward Delete key is rare
  // enough in a TUI that both mean "remove".
  delete: (k: Key) => k.delete || k.backspace
} as const

type Named = keyof typeof named

const display: Readonly<Record<string, string>> = {
  up: "↑",
  down: "↓",
  left: "←",
  right: "→",
  pageup: "PgUp",
  pagedown: "PgDn",
  home: "Home",
  end: "End",
  enter: "enter",
  escape: "esc",
  tab: "tab",
  delete: "del",
  space: "space"
}

const isNamed = (name: string): name is Named => name in named

/** Whether pressing `spec` can ever insert text (so a focused text field takes it first). */
export const isPrintable = (spec: string): boolean => {
  const parts = spec.split("+")
  if (parts.includes("ctrl")) return false
  const base = parts[parts.length - 1]!
  return base === "space" || !isNamed(base)
}

/** Whether Ink's `(input, key)` is the key `spec` names, modifiers included. */
export const matches = (spec: string, input: string, key: Key): boolean => {
  const parts = spec.split("+")
  const base = parts[parts.length - 1]!
  const ctrl = parts.includes("ctrl")
  const shift = parts.includes("shift")
  if (ctrl) return key.ctrl && input === base
  if (key.ctrl || key.meta !== key.escape) return false
  if (base === "space") return input === " "
  if (isNamed(base)) {
    // Shift+tab arrives as tab with shift; plain arrows must not fire on shift+arrow and the other way round.
    return named[base](key) && key.shift === shift
  }
  return input === base
}

/** How a key is shown in the help bar and the help screen. */
export const showKey = (spec: string): string =>
  spec
    .split("+")
    .map((part) => display[part] ?? part)
    .join("+")
    .replace("shift+↑", "⇧↑")
    .replace("shift+↓", "⇧↓")

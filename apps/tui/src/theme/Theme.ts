/**
 * The TUI's colours, by meaning rather than by hue, so a screen says "this is an error" and the palette decides how
 * that looks. Ink's colour library (chalk) decides from the terminal how many colours it may use, but ignores
 * `NO_COLOR`; the theme honours it by naming no colour at all (an empty colour is none to Ink), which keeps bold and
 * inverse, so the cursor, the open tab and the focused field still show.
 */
const palette = {
  /** Titles, the focused field's label, the selected row's marker. */
  accent: "cyan",
  /** Secondary text: hints, URLs, counts. */
  muted: "gray",
  /** Enabled providers, passed checks, finished answers. */
  success: "green",
  /** Failures and validation problems. */
  danger: "red",
  /** Work in progress and things that need a decision (confirmations, cancelled answers). */
  warning: "yellow",
  /** Key names in the help bar and the help screen. */
  key: "magenta",
  /** Reasoning ("thinking") text, kept visibly apart from the answer. */
  reasoning: "blue"
} as const

type Palette = { readonly [K in keyof typeof palette]: string }

/**
 * Whether the user turned colours off: `NO_COLOR` set and not empty (no-color.org), unless `FORCE_COLOR` asks for
 * them, which wins as it does in Node itself.
 */
export const coloursOff = (env: Readonly<Record<string, string | undefined>>): boolean =>
  (env.NO_COLOR ?? "") !== "" && env.FORCE_COLOR === undefined

/** The palette for `env`: every colour, or none. */
export const themeFor = (env: Readonly<Record<string, string | undefined>>): Palette =>
  coloursOff(env) ? (Object.fromEntries(Object.keys(palette).map((k) => [k, ""])) as Palette) : palette

export const theme = themeFor(process.env)

/** Whether this terminal shows no colours: then faint text (placeholders) is dim instead of gray. */
export const colourless = coloursOff(process.env)

export type ThemeColor = (typeof theme)[keyof typeof theme]

/** Props for an optional colour: none keeps the terminal's own foreground (white would vanish on light themes). */
export const tint = (color: ThemeColor | undefined): { readonly color?: ThemeColor } =>
  color === undefined ? {} : { color }

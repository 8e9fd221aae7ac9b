/**
 * The TUI's colours, by meaning rather than by hue, so a screen says "this is an error" and the palette decides how
 * that looks. Ink's colour library honours `NO_COLOR`, so a user who turns colours off still gets every word.
 */
export const theme = {
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

export type ThemeColor = (typeof theme)[keyof typeof theme]

/** Props for an optional colour: none keeps the terminal's own foreground (white would vanish on light themes). */
export const tint = (color: ThemeColor | undefined): { readonly color?: ThemeColor } =>
  color === undefined ? {} : { color }

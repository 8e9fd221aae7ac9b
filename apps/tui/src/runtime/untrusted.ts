/**
 * What the user typed, typed as the core input it is meant to be without checking it here: a `--type` argument, or
 * text in a numeric field. The core decodes every input once and its problem is what the user reads, so the TUI
 * and the CLI never validate on their own; this is the one place they type such a value.
 */
export const untrusted = <T>(value: unknown): T => value as T

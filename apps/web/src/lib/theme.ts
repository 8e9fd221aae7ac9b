/**
 * The colour theme: the system's (the default) or the one the user picked, kept in this browser's localStorage and
 * set as `data-theme` on the root element, where the stylesheet's `color-scheme` follows it.
 */

export type Theme = "system" | "light" | "dark"

export const themes: ReadonlyArray<Theme> = ["system", "light", "dark"]

const storageKey = "switchboard.theme"

const isTheme = (value: unknown): value is Theme => themes.includes(value as Theme)

export const savedTheme = (): Theme => {
  try {
    const value = globalThis.localStorage?.getItem(storageKey)
    return isTheme(value) ? value : "system"
  } catch {
    // Storage can be blocked (privacy settings): the system's theme still works.
    return "system"
  }
}

/** Shows `theme` now and remembers it. */
export const applyTheme = (theme: Theme): void => {
  if (theme === "system") delete document.documentElement.dataset.theme
  else document.documentElement.dataset.theme = theme
  try {
    if (theme === "system") localStorage.removeItem(storageKey)
    else localStorage.setItem(storageKey, theme)
  } catch {
    // Not remembered, but shown for this page's life.
  }
}

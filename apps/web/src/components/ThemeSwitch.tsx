/**
 * The top bar's theme choice: System, Light or Dark.
 */
import { useState } from "react"
import { applyTheme, savedTheme, type Theme, themes } from "../lib/theme"

const labels: Readonly<Record<Theme, string>> = { system: "System theme", light: "Light", dark: "Dark" }

export function ThemeSwitch() {
  const [theme, setTheme] = useState(savedTheme)
  return (
    <select
      className="input theme-switch"
      aria-label="Theme"
      value={theme}
      onChange={(event) => {
        const next = event.target.value as Theme
        applyTheme(next)
        setTheme(next)
      }}
    >
      {themes.map((t) => (
        <option key={t} value={t}>
          {labels[t]}
        </option>
      ))}
    </select>
  )
}

/**
 * Entry point: mounts the dashboard.
 */
import { StrictMode } from "react"
import { createRoot } from "react-dom/client"
import { App } from "./App"
import { applyTheme, savedTheme } from "./lib/theme"
import "./styles.css"
import "./models.css"

// Before the first paint, so a dark choice does not flash light.
applyTheme(savedTheme())

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>
)

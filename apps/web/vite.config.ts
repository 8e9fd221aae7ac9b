/**
 * Vite build of the dashboard. The server serves `dist/` at `/`; in development `vite` proxies the API to a running
 * server (`SWITCHBOARD_URL`, default http://127.0.0.1:8787) so the page and the API share one origin, as in production.
 */
import react from "@vitejs/plugin-react"
import { defineConfig } from "vite"

const target = process.env.SWITCHBOARD_URL ?? "http://127.0.0.1:8787"

export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { outDir: "dist", sourcemap: false, chunkSizeWarningLimit: 300 },
  server: { proxy: { "/api": target, "/v1": target, "/healthz": target } }
})

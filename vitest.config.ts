import { defineConfig } from "vitest/config"

// One run over every package, so `pnpm test` ends with a single summary line.
export default defineConfig({
  test: {
    projects: ["packages/*", "packages/adapters/vitest.contract.config.ts", "apps/*", "bench"]
  }
})

import { availableParallelism } from "node:os"
import { defineConfig } from "vitest/config"

// One run over every package, so `pnpm test` ends with a single summary line.
export default defineConfig({
  test: {
    projects: ["packages/*", "packages/adapters/vitest.contract.config.ts", "apps/*", "bench"],
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, where most test files spend
    // their time importing modules or waiting on a local server. A worker per core measured faster (core alone: 59 s
    // with one worker, 35 s with two, 36 s with four); the slow part, collecting modules, is per file either way.
    maxWorkers: Math.max(2, availableParallelism())
  }
})

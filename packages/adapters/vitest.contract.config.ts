import { fileURLToPath } from "node:url"
import { defineProject } from "vitest/config"

// Request-contract tests: what each adapter sends, replayed to Prism over the provider's vendored spec, plus the test
// that Prism really rejects. Slow to start, so they have a project of their own (the root config lists it).
export default defineProject({
  test: {
    name: "contract",
    // packages/, so the project reaches the Prism test of packages/testing too.
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["adapters/test/**/*Contract.test.ts", "testing/test/Prism.test.ts"]
  }
})

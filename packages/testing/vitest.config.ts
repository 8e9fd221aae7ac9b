import { defineProject } from "vitest/config"

// The fake upstream's own tests. Prism's test belongs to the `contract` project (packages/adapters), which starts
// real Prism processes and is skipped by a quick inner loop.
export default defineProject({
  test: {
    name: "testing",
    include: ["test/**/*.test.ts"],
    exclude: ["test/Prism.test.ts"]
  }
})

import { defineProject } from "vitest/config"

// The request-contract tests start Prism (seconds per spec, ~15 s for OpenAI's): they are the `contract` project
// (vitest.contract.config.ts), so `--project adapters` stays a quick inner loop.
export default defineProject({
  test: {
    name: "adapters",
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    exclude: ["test/**/*Contract.test.ts"]
  }
})

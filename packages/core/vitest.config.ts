import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "core",
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // One throwaway PostgreSQL cluster for the run, for the suites under test/pg (skipped without PostgreSQL).
    globalSetup: ["../testing/src/PgSetup.ts"]
  }
})

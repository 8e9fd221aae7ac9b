import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "tui",
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // Screens wait on predicates with their own 5 s limit, which must fire (and show the screen) first.
    testTimeout: 20_000
  }
})

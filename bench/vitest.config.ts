import { defineProject } from "vitest/config"

// The fault drills start real processes (the built server, local upstreams) and run one file at a time, in one fork:
// they count one server's sockets and memory, and two cores are shared with the rest of `pnpm test`.
export default defineProject({
  test: {
    name: "drills",
    include: ["drills/**/*.test.ts"],
    globalSetup: ["drills/support/globalSetup.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: "forks",
    poolOptions: { forks: { singleFork: true } }
  }
})

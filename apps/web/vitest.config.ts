/**
 * The web project's tests: component tests in jsdom (`test/components`, `src/**`), end-to-end tests (`// @vitest-environment node`) driving
 * real Chromium against the real server (`test/e2e`, slow, so they run in their own pool with long timeouts).
 */
import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "web",
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
    setupFiles: ["./test/setup.ts"],
    testTimeout: 15_000
  }
})

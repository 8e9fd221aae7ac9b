/**
 * Component-test setup: unmount what a test rendered, so the next one starts from an empty document.
 */
import { cleanup } from "@testing-library/react"
import { afterEach } from "vitest"

afterEach(() => {
  if (typeof document !== "undefined") cleanup()
})

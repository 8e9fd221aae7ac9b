import { render, screen } from "@testing-library/react"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ErrorBoundary } from "../../src/components/shared/ErrorBoundary"

function Broken(): never {
  throw new Error("boom")
}

afterEach(() => vi.restoreAllMocks())

describe("ErrorBoundary", () => {
  it("shows what failed instead of a blank page, and recovers when its reset key changes", () => {
    // React logs caught render errors; keep the test output readable.
    vi.spyOn(console, "error").mockImplementation(() => undefined)
    const { rerender } = render(
      <ErrorBoundary resetKey="chat">
        <Broken />
      </ErrorBoundary>
    )
    expect(screen.getByRole("alert").textContent).toContain("This part of the dashboard failed: boom")
    rerender(
      <ErrorBoundary resetKey="services">
        <p>fine</p>
      </ErrorBoundary>
    )
    expect(screen.getByText("fine")).toBeTruthy()
  })

  it("uses the given fallback", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined)
    render(<ErrorBoundary fallback={(error) => <p>plain: {error.message}</p>}>{<Broken />}</ErrorBoundary>)
    expect(screen.getByText("plain: boom")).toBeTruthy()
  })
})

/** A model's row: its facts with where each came from, its marks, and its last check. */
import { render, within } from "@testing-library/react"
import { describe, expect, it, vi } from "vitest"
import { ModelRow } from "../../src/components/providers/models/ModelRow"
import { model } from "../fakeFetch"

const gpt4o = {
  ...model("gpt-4o"),
  capabilities: { vision: true, reasoning: false, tools: true, embedding: false, webSearch: false },
  facts: {
    ...model("gpt-4o").facts,
    capabilities: {
      ...model("gpt-4o").facts.capabilities,
      vision: { value: true, source: "catalog" as const },
      tools: { value: true, source: "user" as const }
    },
    contextWindow: { value: 128_000, source: "provider" as const },
    maxOutputTokens: { value: 16_384, source: "catalog" as const },
    pricing: { value: { currency: "EUR", input: 2.5, output: 10 }, source: "user" as const },
    deprecated: { value: true, source: "catalog" as const }
  },
  goneAt: "2026-01-02T00:00:00.000Z"
}

const check = (keyId: string, ok: boolean) => ({
  modelId: "gpt-4o",
  checkedAt: new Date().toISOString(),
  result: {
    keyId,
    key: `sk-…${keyId}`,
    ok,
    ...(ok ? {} : { reason: "NotFound" as const, status: 404 }),
    latencyMs: 40,
    url: "http://127.0.0.1:1/v1/chat/completions",
    stage: "generate" as const
  }
})

const row = (checks: ReturnType<typeof check>[]) =>
  render(
    <ul>
      <ModelRow model={gpt4o} checks={checks} onEdit={vi.fn()} onDelete={vi.fn()} />
    </ul>
  ).container.querySelector("li")!

describe("ModelRow", () => {
  it("shows each fact with its source, and marks a model gone upstream or deprecated", () => {
    const li = row([])
    expect(li.textContent).toContain("128k context provider")
    expect(li.textContent).toContain("16k output catalog")
    expect(li.textContent).toContain("€2.50 in · €10.00 out per M yours")
    expect(within(li).getByText("Gone upstream").title).toContain("2026-01-02")
    expect(within(li).getByText("Deprecated").title).toBe("Deprecated, from the model catalog")
    expect(within(li).getByText("Vision").title).toBe("from the model catalog")
    expect(within(li).getByText("Tools").title).toBe("set by you")
  })

  it("shows the last check: every key passed, or the reason and how many keys failed", () => {
    expect(within(row([check("a", true), check("b", true)])).getByText("✓ 2 keys")).toBeTruthy()
    const failed = within(row([check("a", true), check("b", false)])).getByText(/✗ NotFound/)
    expect(failed.textContent).toBe("✗ NotFound · 1 of 2 keys")
    expect(failed.title).toContain("sk-…b: NotFound (HTTP 404)")
    expect(failed.title).toContain("Checked just now")
  })
})

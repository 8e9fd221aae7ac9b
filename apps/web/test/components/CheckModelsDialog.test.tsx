/**
 * Check every model × key from the dialog: the settings sent, the progress bar and the table filling in as results
 * stream, Cancel closing the stream, and the removals the stored results suggest, asked first.
 */
import { render, screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import type { LastChecksView as LastChecks } from "@switchboard/core/domain/ModelViews"
import { afterEach, describe, expect, it, vi } from "vitest"
import { CheckModelsDialog } from "../../src/components/providers/models/CheckModelsDialog"
import { fakeFetch, json, model, provider, sseStream } from "../fakeFetch"

afterEach(() => vi.unstubAllGlobals())

const keys = [
  { id: "k1", masked: "sk-…1111" },
  { id: "k2", masked: "sk-…2222" }
]
const checked = provider({ apiKeys: keys, models: [model("gpt2"), model("gone-model")] })

const result = (modelId: string, keyId: string, ok: boolean) => ({
  modelId,
  checkedAt: "2026-01-01T00:00:00.000Z",
  result: {
    keyId,
    key: keys.find((k) => k.id === keyId)!.masked,
    ok,
    ...(ok ? {} : { reason: "NotFound" as const, status: 404 }),
    latencyMs: 42.4,
    url: "http://127.0.0.1:9/v1/chat/completions",
    stage: "generate" as const
  }
})

const open = (last: LastChecks = { checks: [], failures: { models: [], keys: [] } }) => {
  const onChange = vi.fn()
  const onChecked = vi.fn()
  render(
    <CheckModelsDialog provider={checked} last={last} onChange={onChange} onChecked={onChecked} onClose={vi.fn()} />
  )
  return { dialog: screen.getByRole("dialog"), onChange, onChecked }
}

describe("CheckModelsDialog", () => {
  it("sends the chosen key, concurrency and timeout, and fills the progress bar and table as results come", async () => {
    const stream = sseStream()
    const { calls } = fakeFetch({ "POST /api/providers/vllm/models-check": () => stream.response() })
    const { dialog, onChecked } = open()
    await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: "Keys" }), "k2")
    const atOnce = within(dialog).getByRole("spinbutton", { name: "At once" })
    await userEvent.clear(atOnce)
    await userEvent.type(atOnce, "8")
    const timeout = within(dialog).getByRole("spinbutton", { name: "Timeout (seconds)" })
    await userEvent.clear(timeout)
    await userEvent.type(timeout, "2.5")
    await userEvent.click(within(dialog).getByRole("button", { name: "Run 2 checks" }))
    expect(calls[0]!.body).toEqual({ keyId: "k2", concurrency: 8, timeoutMs: 2500 })
    stream.push("start", { providerId: "vllm", total: 2, models: ["gpt2", "gone-model"], keys: ["sk-…2222"] })
    stream.push("progress", { done: 1, total: 2, check: result("gone-model", "k2", false) })
    await waitFor(() => expect(within(dialog).getByRole("status").textContent).toBe("1 of 2 checked, 1 failed."))
    expect((within(dialog).getByRole("progressbar", { name: "Check progress" }) as HTMLProgressElement).value).toBe(1)
    const row = within(dialog).getAllByRole("row")[1]!
    expect(row.textContent).toBe("gone-modelsk-…2222✗ NotFound40442 mshttp://127.0.0.1:9/v1/chat/completions")
    stream.push("progress", { done: 2, total: 2, check: result("gpt2", "k2", true) })
    stream.push("done", { total: 2, passed: 1, failed: 1, elapsedMs: 1234 })
    stream.end()
    await waitFor(() =>
      expect(within(dialog).getByRole("status").textContent).toBe("Done: 1 passed, 1 failed in 1.2 s.")
    )
    expect(onChecked).toHaveBeenCalledTimes(1)
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Failures only (1)" }))
    expect(within(dialog).getAllByRole("row")).toHaveLength(2)
  })

  it("Cancel closes the stream and keeps what came", async () => {
    const stream = sseStream()
    const { calls } = fakeFetch({ "POST /api/providers/vllm/models-check": () => stream.response() })
    const { dialog, onChecked } = open()
    await userEvent.click(within(dialog).getByRole("button", { name: "Run 4 checks" }))
    stream.push("start", { providerId: "vllm", total: 4 })
    stream.push("progress", { done: 1, total: 4, check: result("gpt2", "k1", true) })
    await waitFor(() => expect(within(dialog).getByRole("status").textContent).toBe("1 of 4 checked, 0 failed."))
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel check" }))
    await waitFor(() =>
      expect(within(dialog).getByRole("status").textContent).toBe("Cancelled after 1 of 4 checks (0 failed).")
    )
    expect(calls[0]!.signal!.aborted).toBe(true)
    expect(stream.cancelled).toBe(true)
    expect(within(dialog).getAllByRole("row")).toHaveLength(2)
    expect(onChecked).toHaveBeenCalled()
  })

  it("says so when the stream ends before the check finished", async () => {
    const stream = sseStream()
    fakeFetch({ "POST /api/providers/vllm/models-check": () => stream.response() })
    const { dialog } = open()
    await userEvent.click(within(dialog).getByRole("button", { name: "Run 4 checks" }))
    stream.push("start", { providerId: "vllm", total: 4 })
    stream.push("progress", { done: 1, total: 4, check: result("gpt2", "k1", true) })
    stream.end()
    expect((await within(dialog).findByRole("alert")).textContent).toContain("The check stopped early. Run it again.")
    expect(within(dialog).getByRole("status").textContent).toBe("Stopped after 1 of 4 checks.")
  })

  it("shows the stored results of the last run before a new one", () => {
    const { dialog } = open({
      checks: [result("gpt2", "k1", true), result("gone-model", "k1", false)],
      failures: { models: ["gone-model"], keys: [] }
    })
    expect(within(dialog).getByRole("status").textContent).toMatch(/^Last results: 1 passed, 1 failed, checked .+\.$/)
    expect(within(dialog).getAllByRole("row")).toHaveLength(3)
    expect(within(dialog).getByRole("button", { name: "Remove 1 failed model" })).toBeTruthy()
  })

  it("checks its fields before sending", async () => {
    const { calls } = fakeFetch({})
    const { dialog } = open()
    const atOnce = within(dialog).getByRole("spinbutton", { name: "At once" })
    await userEvent.clear(atOnce)
    await userEvent.type(atOnce, "40")
    await userEvent.click(within(dialog).getByRole("button", { name: "Run 4 checks" }))
    expect(atOnce.getAttribute("aria-invalid")).toBe("true")
    expect(within(dialog).getByText("A whole number from 1 to 32")).toBeTruthy()
    expect(calls).toHaveLength(0)
  })

  it("removes the failed models, then the key failed everywhere, each once confirmed", async () => {
    const { calls } = fakeFetch({
      "POST /api/providers/vllm/models-check/remove-failed": (call) =>
        json({
          removed: [],
          provider: { ...checked, revision: (call.body as { what: string }).what === "models" ? 2 : 3 }
        })
    })
    const { dialog, onChange, onChecked } = open({
      checks: [],
      failures: { models: ["gone-model"], keys: ["k2"] }
    })
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove 1 failed model" }))
    expect(within(dialog).getByText("Remove gone-model?")).toBeTruthy()
    expect(calls).toHaveLength(0)
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove 1 failed model" }))
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ revision: 2 })))
    expect(onChecked).toHaveBeenCalled()
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove 1 key that failed everywhere" }))
    expect(within(dialog).getByText("Remove sk-…2222?")).toBeTruthy()
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove 1 key that failed everywhere" }))
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ revision: 3 })))
    expect(calls.map((c) => c.body)).toEqual([{ what: "models" }, { what: "keys" }])
  })
})

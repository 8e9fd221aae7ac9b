import { render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ApiKeysSection } from "../../src/components/providers/ApiKeysSection"
import { type Call, fakeFetch, json, model, provider, sseStream } from "../fakeFetch"

afterEach(() => vi.unstubAllGlobals())

/** The server's last check of a provider never checked. */
const neverChecked = {
  "GET /api/providers/oai/verify": () => json(null),
  "GET /api/providers/vllm/verify": () => json(null)
}

/** The requests that change or check something (the last check is read on opening). */
const sent = (calls: ReadonlyArray<Call>) => calls.filter((c) => !(c.method === "GET" && c.path.endsWith("/verify")))

const withKey = provider({ id: "oai", name: "OpenAI", apiKeys: [{ id: "k1", masked: "sk-…aaaa" }] })

describe("ApiKeysSection", () => {
  it("adds several keys at once, keeps the stored one, and clears the box so the plain keys are gone", async () => {
    const saved = provider({
      ...withKey,
      apiKeys: [
        { id: "k1", masked: "sk-…aaaa" },
        { id: "k2", masked: "sk-…bbbb" },
        { id: "k3", masked: "sk-…cccc" }
      ]
    })
    const { calls } = fakeFetch({ ...neverChecked, "PATCH /api/providers/oai": () => json(saved) })
    const onChange = vi.fn()
    const { rerender } = render(<ApiKeysSection provider={withKey} onChange={onChange} />)
    const box = screen.getByRole("textbox", { name: /Add keys/ }) as HTMLTextAreaElement
    await userEvent.type(box, "sk-plain-secret-bbbb{enter}sk-plain-secret-cccc")
    await userEvent.click(screen.getByRole("button", { name: "Add keys" }))
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(saved))
    expect(sent(calls)[0]!.body).toEqual({ apiKeys: [{ id: "k1" }, "sk-plain-secret-bbbb", "sk-plain-secret-cccc"] })
    rerender(<ApiKeysSection provider={saved} onChange={onChange} />)
    expect(box.value).toBe("")
    expect(document.body.textContent).not.toContain("sk-plain-secret")
    expect(screen.getByText("sk-…cccc")).toBeTruthy()
  })

  it("removes one key only once asked, keeping the others by id, and leaves focus in the section", async () => {
    const { calls } = fakeFetch({
      ...neverChecked,
      "PATCH /api/providers/oai": () => json(provider({ ...withKey, apiKeys: [] }))
    })
    render(<ApiKeysSection provider={withKey} onChange={vi.fn()} />)
    await userEvent.click(screen.getByRole("button", { name: "Remove key sk-…aaaa" }))
    expect(screen.getByRole("group", { name: "Remove sk-…aaaa?" })).toBeTruthy()
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Keep" }))
    await userEvent.keyboard("{Escape}")
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Remove key sk-…aaaa" }))
    expect(sent(calls)).toHaveLength(0)
    await userEvent.click(screen.getByRole("button", { name: "Remove key sk-…aaaa" }))
    await userEvent.click(screen.getByRole("button", { name: "Remove key sk-…aaaa" }))
    await waitFor(() => expect(sent(calls)).toHaveLength(1))
    expect(sent(calls)[0]!.body).toEqual({ apiKeys: [] })
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("heading", { name: "API keys" })))
  })

  it("takes one key per line and refuses a key with a space inside, under the field", async () => {
    const { calls } = fakeFetch(neverChecked)
    render(<ApiKeysSection provider={withKey} onChange={vi.fn()} />)
    const box = screen.getByRole("textbox", { name: /Add keys/ })
    await userEvent.type(box, "sk-abc def")
    expect(box.getAttribute("aria-invalid")).toBe("true")
    const error = document.getElementById(box.getAttribute("aria-describedby")!.split(" ")[0]!)
    expect(error?.textContent).toBe("The key has a space inside; a key is one word. Put each key on its own line.")
    expect(screen.getByRole("button", { name: "Add keys" })).toHaveProperty("disabled", true)
    await userEvent.clear(box)
    await userEvent.type(box, "sk-one{enter}sk-one")
    expect(screen.getByText("Key 2 repeats key 1.")).toBeTruthy()
    expect(sent(calls)).toHaveLength(0)
  })

  it("hides typed keys until Show", async () => {
    fakeFetch(neverChecked)
    render(<ApiKeysSection provider={withKey} onChange={vi.fn()} />)
    const box = screen.getByRole("textbox", { name: /Add keys/ })
    expect(box.className).toContain("concealed")
    await userEvent.click(screen.getByRole("button", { name: "Show the keys" }))
    expect(box.className).not.toContain("concealed")
    expect(screen.getByRole("button", { name: "Show the keys" }).getAttribute("aria-pressed")).toBe("true")
  })

  it("shows each key's check: ok or the reason with what to do, status, latency and URL", async () => {
    const two = provider({
      ...withKey,
      apiKeys: [
        { id: "k1", masked: "sk-…aaaa" },
        { id: "k2", masked: "sk-…bbbb" }
      ]
    })
    const { calls } = fakeFetch({
      ...neverChecked,
      "POST /api/providers/oai/verify": () =>
        json({
          ok: false,
          results: [
            {
              keyId: "k1",
              key: "sk-…aaaa",
              ok: true,
              status: 200,
              latencyMs: 41.6,
              url: "https://api.openai.com/v1/models"
            },
            {
              keyId: "k2",
              key: "sk-…bbbb",
              ok: false,
              reason: "Authentication",
              status: 401,
              message: "Incorrect API key provided.",
              latencyMs: 12,
              url: "https://api.openai.com/v1/models"
            }
          ]
        })
    })
    render(<ApiKeysSection provider={two} onChange={vi.fn()} />)
    await userEvent.click(screen.getByRole("button", { name: "Check all keys" }))
    expect(await screen.findByText("1 of 2 checks failed.")).toBeTruthy()
    const rows = screen.getAllByRole("listitem").filter((li) => li.className.startsWith("verify-row"))
    expect(rows[0]!.textContent).toMatch(/✓ OK.*sk-…aaaa.*HTTP 200.*42 ms.*https:\/\/api\.openai\.com\/v1\/models/)
    expect(rows[1]!.textContent).toMatch(/✗ Authentication.*HTTP 401.*12 ms/)
    expect(rows[1]!.textContent).toContain("Incorrect API key provided. The key was refused: check it, or replace it.")
    expect(sent(calls)[0]!.body).toEqual({})
    // Each stored key's row says how its check went.
    const keyRows = screen.getAllByRole("listitem").filter((li) => li.parentElement?.className === "key-list")
    expect(keyRows.map((li) => li.querySelector(".badge")?.textContent)).toEqual(["✓ OK", "✗ Authentication"])
  })

  it("checks with a reply from a chosen model", async () => {
    const { calls } = fakeFetch({
      ...neverChecked,
      "POST /api/providers/vllm/verify": () =>
        json({
          ok: true,
          results: [{ key: null, ok: true, latencyMs: 5, url: "http://127.0.0.1:8000/v1/chat/completions" }]
        })
    })
    const p = provider({ models: [model("gpt2")] })
    render(<ApiKeysSection provider={p} onChange={vi.fn()} />)
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Check with" }), "gpt2")
    await userEvent.click(screen.getByRole("button", { name: "Check" }))
    expect(await screen.findByText("All checks passed.")).toBeTruthy()
    expect(screen.getByText("no key")).toBeTruthy()
    expect(sent(calls)[0]!.body).toEqual({ model: "gpt2" })
  })

  it("shows the last check the server kept, with when it ran, on opening", async () => {
    const checkedAt = new Date(Date.now() - 5 * 60_000).toISOString()
    fakeFetch({
      "GET /api/providers/oai/verify": () =>
        json({
          checkedAt,
          report: {
            providerId: "oai",
            ok: false,
            results: [
              {
                keyId: "k1",
                key: "sk-…aaaa",
                ok: false,
                reason: "RateLimit",
                status: 429,
                latencyMs: 30,
                url: "https://api.openai.com/v1/models",
                stage: "models"
              }
            ]
          }
        })
    })
    render(<ApiKeysSection provider={withKey} onChange={vi.fn()} />)
    expect(await screen.findByText("1 of 1 checks failed.", { exact: false })).toBeTruthy()
    const time = document.querySelector("time")!
    expect(time.textContent).toBe("Checked 5 minutes ago.")
    expect(time.getAttribute("datetime")).toBe(checkedAt)
    const keyRow = screen.getAllByRole("listitem").find((li) => li.parentElement?.className === "key-list")
    expect(keyRow?.querySelector(".badge")?.textContent).toBe("✗ RateLimit")
  })

  it("checks one key on its own row, with a reply from the chosen model", async () => {
    const stream = sseStream()
    const { calls } = fakeFetch({ ...neverChecked, "POST /api/providers/oai/models-check": () => stream.response() })
    render(<ApiKeysSection provider={{ ...withKey, models: [model("gpt2")] }} onChange={vi.fn()} />)
    const check = screen.getByRole("button", { name: "Check key sk-…aaaa" })
    expect(check.getAttribute("title")).toBe("With a reply from gpt2")
    await userEvent.click(check)
    expect(sent(calls)[0]!.body).toEqual({ keyId: "k1", models: ["gpt2"] })
    stream.push("start", { providerId: "oai", total: 1 })
    stream.push("progress", {
      done: 1,
      total: 1,
      check: {
        modelId: "gpt2",
        checkedAt: "2025-01-01T00:00:00Z",
        result: {
          keyId: "k1",
          key: "sk-…aaaa",
          ok: false,
          reason: "Authentication",
          latencyMs: 9,
          url: "u",
          stage: "generate"
        }
      }
    })
    const keyRow = screen.getByText("sk-…aaaa").closest("li")!
    await waitFor(() => expect(keyRow.querySelector(".badge")?.textContent).toBe("✗ Authentication"))
  })

  it("says a key needs a model to be checked on its own", async () => {
    const { calls } = fakeFetch(neverChecked)
    render(<ApiKeysSection provider={withKey} onChange={vi.fn()} />)
    const check = screen.getByRole("button", { name: "Check key sk-…aaaa" })
    expect(check.getAttribute("aria-disabled")).toBe("true")
    expect(check.getAttribute("title")).toMatch(/^Add a model first/)
    await userEvent.click(check)
    expect(sent(calls)).toHaveLength(0)
  })
})

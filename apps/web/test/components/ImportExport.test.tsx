import { render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ImportExport } from "../../src/components/ImportExport"
import { apiError, fakeFetch, json, provider } from "../fakeFetch"

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const document = { version: 1, providers: [{ id: "vllm", name: "vLLM" }] }

// jsdom's Blob has no text(); browsers have. FileReader is what jsdom does implement.
const readBlob = (blob: Blob) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.readAsText(blob)
  })

const jsonFile = (content: string, name: string) =>
  Object.assign(new File([content], name, { type: "application/json" }), { text: async () => content })

describe("ImportExport", () => {
  it("exports without keys by GET, and with sealed keys by POSTing the passphrase (never in the URL)", async () => {
    const { calls } = fakeFetch({ "GET /api/export": () => json(document), "POST /api/export": () => json(document) })
    const created: Array<Blob> = []
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        created.push(blob)
        return "blob:x"
      },
      revokeObjectURL: () => undefined
    })
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined)
    render(<ImportExport onImported={vi.fn()} onClose={vi.fn()} />)

    await userEvent.click(screen.getByRole("button", { name: "Export without keys" }))
    expect(await screen.findByText(/Exported without API keys/)).toBeTruthy()
    expect(JSON.parse(await readBlob(created[0]!))).toEqual(document)

    await userEvent.type(screen.getByLabelText(/include the API keys/), "correct horse")
    await userEvent.click(screen.getByRole("button", { name: "Export with keys" }))
    expect(await screen.findByText(/sealed by your passphrase/)).toBeTruthy()
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(["GET /api/export", "POST /api/export"])
    expect(calls[1]!.body).toEqual({ passphrase: "correct horse" })
    expect(click).toHaveBeenCalledTimes(2)
    // The passphrase field is emptied once used.
    expect((screen.getByLabelText(/include the API keys/) as HTMLInputElement).value).toBe("")
  })

  it("imports a file with its passphrase in a header and reloads the providers", async () => {
    const { calls } = fakeFetch({ "POST /api/import": () => json([provider(), provider({ id: "b" })]) })
    const onImported = vi.fn()
    render(<ImportExport onImported={onImported} onClose={vi.fn()} />)
    await userEvent.type(screen.getByLabelText(/only for a file exported with keys/), "correct horse")
    const file = jsonFile(JSON.stringify(document), "backup.json")
    await userEvent.upload(screen.getByLabelText("Configuration file"), file)
    expect(await screen.findByText("Imported backup.json: 2 providers now.")).toBeTruthy()
    expect(calls[0]!.body).toEqual(document)
    expect(calls[0]!.headers.get("x-switchboard-passphrase")).toBe("correct horse")
    expect(onImported).toHaveBeenCalled()
  })

  it("says what is wrong with a bad file, before and after it reaches the server", async () => {
    fakeFetch({
      "POST /api/import": () =>
        apiError(400, "InvalidInput", "providers[0].baseUrl: must start with http:// or https://")
    })
    render(<ImportExport onImported={vi.fn()} onClose={vi.fn()} />)
    const input = screen.getByLabelText("Configuration file")
    await userEvent.upload(input, jsonFile("not json", "notes.txt"))
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Import failed: notes.txt is not a JSON file. Choose a file made by Export."
    )
    await userEvent.upload(input, jsonFile(JSON.stringify(document), "x.json"))
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe(
        "Import failed: providers[0].baseUrl: must start with http:// or https://"
      )
    )
  })
})

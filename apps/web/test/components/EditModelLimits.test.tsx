/** Edit model's limits and prices: your own values sent, an empty field back to the catalog's, problems under fields. */
import { render, screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { EditModelDialog } from "../../src/components/providers/EditModelDialog"
import { apiError, fakeFetch, json, model, provider } from "../fakeFetch"

afterEach(() => vi.unstubAllGlobals())

const gpt4o = {
  ...model("gpt-4o"),
  facts: {
    ...model("gpt-4o").facts,
    contextWindow: { value: 128_000, source: "catalog" as const },
    maxOutputTokens: { value: 4_000, source: "user" as const },
    pricing: { value: { currency: "USD", input: 2.5, output: 10 }, source: "catalog" as const }
  }
}

const open = () => {
  const onSaved = vi.fn()
  const onClose = vi.fn()
  render(<EditModelDialog provider={provider({ models: [gpt4o] })} model={gpt4o} onSaved={onSaved} onClose={onClose} />)
  return { dialog: screen.getByRole("dialog", { name: "Edit gpt-4o" }), onSaved, onClose }
}

describe("Edit model: limits and prices", () => {
  it("starts with your values only, says what an empty field uses, and sends prices with their currency", async () => {
    const { calls } = fakeFetch({ "PATCH /api/providers/vllm/models/gpt-4o": () => json(provider()) })
    const { dialog, onClose } = open()
    const context = within(dialog).getByRole("textbox", { name: "Context window" }) as HTMLInputElement
    expect(context.value).toBe("")
    expect(context.placeholder).toBe("128000")
    expect(within(dialog).getByText("Empty: 128k, from the model catalog")).toBeTruthy()
    expect((within(dialog).getByRole("textbox", { name: "Max output" }) as HTMLInputElement).value).toBe("4000")
    expect(within(dialog).getByText("Empty: $2.50 in · $10.00 out per M, from the model catalog")).toBeTruthy()
    await userEvent.type(context, "200000")
    // Reset drops your output limit: the catalog's (or none) applies again.
    await userEvent.click(within(dialog).getByRole("button", { name: "Reset Max output" }))
    const currency = within(dialog).getByRole("textbox", { name: "Currency" })
    await userEvent.clear(currency)
    await userEvent.type(currency, "eur")
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Input" }), "2")
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Output" }), "8.5")
    await userEvent.click(within(dialog).getByRole("button", { name: "Save model" }))
    await waitFor(() => expect(onClose).toHaveBeenCalled())
    expect(calls[0]!.body).toMatchObject({
      contextWindow: 200_000,
      maxOutputTokens: null,
      pricing: { currency: "EUR", input: 2, output: 8.5 }
    })
  })

  it("shows each problem under its field and sends nothing", async () => {
    const { calls } = fakeFetch({})
    const { dialog } = open()
    const context = within(dialog).getByRole("textbox", { name: "Context window" })
    await userEvent.type(context, "12.5")
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Output" }), "-1")
    await userEvent.clear(within(dialog).getByRole("textbox", { name: "Currency" }))
    await userEvent.click(within(dialog).getByRole("button", { name: "Save model" }))
    expect(context.getAttribute("aria-invalid")).toBe("true")
    expect(within(dialog).getByText("A whole number of tokens from 1 to 100000000")).toBeTruthy()
    expect(within(dialog).getByText("A price from 0 to 1000000")).toBeTruthy()
    expect(within(dialog).getByText("A three-letter currency code, like USD or EUR")).toBeTruthy()
    await waitFor(() => expect(document.activeElement).toBe(context))
    expect(calls).toHaveLength(0)
    // Fixing a field drops its problem at once; the others stay until Save checks again.
    await userEvent.clear(context)
    expect(context.getAttribute("aria-invalid")).toBeNull()
    expect(within(dialog).getByText("A price from 0 to 1000000")).toBeTruthy()
  })

  it("puts the server's refusal under the field it names", async () => {
    fakeFetch({
      "PATCH /api/providers/vllm/models/gpt-4o": () =>
        apiError(
          400,
          "invalid_input",
          "pricing.currency: must be an ISO 4217 currency code, like USD or EUR",
          "pricing.currency"
        )
    })
    const { dialog } = open()
    const currency = within(dialog).getByRole("textbox", { name: "Currency" })
    await userEvent.clear(currency)
    await userEvent.type(currency, "XYZ")
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Input" }), "1")
    await userEvent.click(within(dialog).getByRole("button", { name: "Save model" }))
    expect(await within(dialog).findByText("Must be an ISO 4217 currency code, like USD or EUR")).toBeTruthy()
    expect(currency.getAttribute("aria-invalid")).toBe("true")
  })
})

import { afterEach, describe, expect, it, vi } from "vitest"
import { apiError, fakeFetch, json, provider } from "../../test/fakeFetch"
import { ApiError } from "./ApiError"
import { api, onUnauthenticated, previewUrls, streamAnswer } from "./client"
import { clearToken, setToken } from "./token"

afterEach(() => {
  clearToken()
  vi.unstubAllGlobals()
})

describe("api client", () => {
  it("sends the token as a bearer header and never in the URL", async () => {
    const { calls } = fakeFetch({ "GET /api/providers": () => json([provider()]) })
    setToken("s3cret-token")
    await api.providers.list()
    expect(calls[0]!.headers.get("authorization")).toBe("Bearer s3cret-token")
    expect(calls[0]!.url).not.toContain("s3cret")
    expect(sessionStorage.getItem("switchboard.token")).toBe("s3cret-token")
  })

  it("turns the server's error body into an ApiError with code, message and field", async () => {
    fakeFetch({
      "POST /api/providers": () => apiError(400, "InvalidInput", "baseUrl: must start with http://", "baseUrl")
    })
    const error = await api.providers.add({ name: "x", type: "openai" }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 400, code: "InvalidInput", field: "baseUrl" })
    expect((error as ApiError).message).toBe("baseUrl: must start with http://")
  })

  it("tells listeners when the server asks for the token", async () => {
    fakeFetch({ "GET /api/providers": () => apiError(401, "Unauthenticated", "This endpoint needs a bearer token") })
    const listener = vi.fn()
    const off = onUnauthenticated(listener)
    await expect(api.providers.list()).rejects.toMatchObject({ status: 401 })
    off()
    expect(listener).toHaveBeenCalledOnce()
  })

  it("shows a chat the provider refused before it started as an error, without asking for the dashboard's token", async () => {
    const message = "Authentication (HTTP 401) from http://up/v1/chat/completions: the provider refused the API key"
    fakeFetch({
      "POST /api/chat": () =>
        json({ error: { code: "provider_error", message, reason: "Authentication", upstreamStatus: 401 } }, 401)
    })
    const listener = vi.fn()
    const off = onUnauthenticated(listener)
    const chat = streamAnswer(
      { kind: "chat", body: { provider: "p", model: "m", messages: [] } },
      new AbortController().signal
    )
    const error = await chat.next().catch((e: unknown) => e)
    off()
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 401, code: "provider_error", reason: "Authentication", message })
    expect(listener).not.toHaveBeenCalled()
  })

  it("says what to do when the server cannot be reached", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")))
    await expect(api.providers.list()).rejects.toThrow(/did not answer \(Failed to fetch\).*still running/)
  })

  it("explains a non-JSON error page by its status", async () => {
    fakeFetch({ "GET /api/providers": () => new Response("Bad Gateway", { status: 502 }) })
    await expect(api.providers.list()).rejects.toThrow(
      "The server answered HTTP 502: Bad Gateway. Check the server's log"
    )
  })

  it("encodes model ids with / and : in the path", async () => {
    const { calls } = fakeFetch({
      "DELETE /api/providers/vllm/models/meta-llama%2FLlama-3%3A8b": () => json(provider())
    })
    await api.models.remove("vllm", "meta-llama/Llama-3:8b")
    expect(calls).toHaveLength(1)
  })

  it("asks for the URLs of unsaved settings through query parameters", async () => {
    const { calls } = fakeFetch({
      "GET /api/providers/az/urls": () => json({ chat: "c", models: "m" })
    })
    await previewUrls("az", { type: "azure-openai", baseUrl: "https://x.openai.azure.com", apiVersion: "v1" })
    const query = new URL(calls[0]!.url, "http://localhost").searchParams
    expect(Object.fromEntries(query)).toEqual({
      type: "azure-openai",
      baseUrl: "https://x.openai.azure.com",
      apiVersion: "v1"
    })
  })
})

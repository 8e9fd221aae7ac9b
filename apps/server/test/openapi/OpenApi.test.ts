import { afterAll, describe, expect, it } from "vitest"
import { operations } from "../../src/openapi/Operations"
import { makeTestApp } from "../support/TestApp"

const t = makeTestApp()
afterAll(() => t.dispose())

const document = async () => (await t.json("GET", "/openapi.json", { token: null })).body

/** Hono's `/:id/models/:modelId{.+}` as OpenAPI's `/{id}/models/{modelId}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}")

describe("GET /openapi.json", () => {
  it("is OpenAPI 3.1 with every $ref resolving", async () => {
    const doc = await document()
    expect(doc.openapi).toBe("3.1.0")
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!)
    expect(refs.length).toBeGreaterThan(10)
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty([ref])
    expect(JSON.stringify(doc)).not.toContain("#/$defs/")
  })

  it("lists exactly the endpoints the app serves", async () => {
    const served = new Set(
      t.app.routes
        .filter(
          (r) =>
            r.method !== "ALL" && (r.path.startsWith("/api/") || r.path.startsWith("/v1/") || r.path === "/healthz")
        )
        .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`)
    )
    const documented = new Set(operations.map((op) => `${op.method} ${op.path}`))
    expect([...documented].sort()).toEqual([...served].sort())
  })

  it("describes bodies with the core's schemas: required fields, enums and limits", async () => {
    const doc = await document()
    const add = doc.paths["/api/providers"].post.requestBody.content["application/json"].schema
    expect(add.required).toEqual(["name"])
    expect(add.properties.type.enum).toEqual(["openai", "openai-responses", "gemini", "anthropic", "azure-openai"])
    expect(add.additionalProperties).toBe(false)
    const provider = doc.components.schemas.Provider
    expect(provider.properties.apiKeys.items.$ref).toBe("#/components/schemas/ApiKey")
    expect(doc.components.schemas.ApiKey.required).toEqual(["id", "masked"])
    const gateway = doc.paths["/v1/chat/completions"].post
    expect(gateway.responses.default.content["application/json"].schema.$ref).toBe("#/components/schemas/OpenAiError")
    const responses = doc.paths["/v1/responses"].post
    expect(responses.responses.default.content["application/json"].schema.$ref).toBe("#/components/schemas/OpenAiError")
    expect(doc.components.schemas.ResponsesRequest.required).toEqual(["model", "input"])
    const messages = doc.paths["/v1/messages"].post
    expect(messages.responses.default.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/AnthropicError"
    )
    expect(messages.security).toEqual([{ bearer: [] }, { apiKey: [] }])
    expect(messages.parameters.map((p: { name: string }) => p.name)).toEqual(["anthropic-version", "anthropic-beta"])
    expect(doc.components.schemas.MessagesRequest.required).toEqual(["model", "messages", "max_tokens"])
    expect(doc.paths["/v1/messages/count_tokens"].post.description).toContain("estimate")
    expect(doc.paths["/healthz"].get.security).toEqual([])
  })
})

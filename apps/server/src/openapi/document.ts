/**
 * The server's OpenAPI document, built once at start (the Schemas do not change while it runs).
 */
import { makeDocument } from "./OpenApi"
import { OpenAiError, operations, RestError } from "./Operations"

export const openApiDocument = (version: string) =>
  makeDocument(
    {
      title: "Switchboard API",
      version,
      description:
        "Manage AI providers and chat with their models. `/api/*` is Switchboard's REST API; `/v1/*` is an OpenAI-compatible gateway to every configured provider. Both need `Authorization: Bearer <token>`."
    },
    operations,
    { rest: RestError, openAi: OpenAiError }
  )

/**
 * The server's OpenAPI document, built once at start (the Schemas do not change while it runs).
 */
import { makeDocument } from "./OpenApi"
import { AnthropicError, OpenAiError, operations, RestError } from "./Operations"

export const openApiDocument = (version: string) =>
  makeDocument(
    {
      title: "Switchboard API",
      version,
      description:
        "Manage AI providers and chat with their models. `/api/*` is Switchboard's REST API; `/v1/*` is a gateway to every configured provider speaking OpenAI's Chat Completions, Responses and embeddings and Anthropic's Messages. Both need `Authorization: Bearer <token>` (the Messages endpoints also take it as `x-api-key`)."
    },
    operations,
    { rest: RestError, openAi: OpenAiError, anthropic: AnthropicError }
  )

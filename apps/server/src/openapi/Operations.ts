/**
 * Every endpoint of the server, for the OpenAPI document: path, purpose, and the Schemas its body, query and answer
 * are validated or built with (imported from the routes, never restated). A test checks that this table and the
 * app's routes list the same endpoints.
 */
import { ProviderErrorReason } from "@switchboard/core/domain/Errors"
import { ModelPatch, NewProvider } from "@switchboard/core/domain/ProviderInput"
import { ConfigDocument } from "@switchboard/core/ConfigDocument"
import { Conversation, ConversationWithMessages } from "@switchboard/core/domain/Conversation"
import {
  EditBody,
  ExportQuery,
  ListQuery,
  PatchBody as ConversationPatchBody,
  RetryBody
} from "../routes/conversations"
import { Schema } from "effect"
import { EmbeddingsRequest } from "../gateway/EmbeddingsRequest"
import { CountTokensRequest, MessagesRequest } from "../gateway/MessagesRequest"
import { ChatCompletionRequest } from "../gateway/OpenAiRequest"
import { ResponsesRequest } from "../gateway/ResponsesRequest"
import { ModelEntry, ModelList } from "../gateway/OpenAiResponse"
import { ChatBody } from "../routes/chat"
import { ExportBody, passphraseHeader } from "../routes/config"
import { CheckBody, RemoveFailedBody } from "../routes/modelChecks"
import { NewModels, SyncBody } from "../routes/models"
import { PresetView } from "../routes/presets"
import { OrderBody, PatchBody, UrlsQuery, VerifyBody } from "../routes/providers"
import { EndpointsView, UrlPreviewQuery } from "../routes/urls"
import { LastChecksView, RemovedView, SyncView } from "@switchboard/core/domain/ModelViews"
import { ProviderView } from "@switchboard/core/domain/ProviderView"
import { LastVerifyView, RemoteModelView, VerifyReportView } from "@switchboard/core/domain/ReportViews"
import type { Operation } from "./OpenApi"

export const RestError = Schema.Struct({
  error: Schema.Struct({
    code: Schema.String,
    message: Schema.String,
    /** The offending field of a 400 (`baseUrl`, `apiKeys[1]`, `messages[0].role`). */
    field: Schema.optional(Schema.String),
    /** Upstream failures (`provider_error`): why the provider call failed. */
    reason: Schema.optional(ProviderErrorReason),
    upstreamStatus: Schema.optional(Schema.Number),
    /** The upstream's own words for the failure, where it gave them (`context_length_exceeded`, `INVALID_ARGUMENT`). */
    upstreamCode: Schema.optional(Schema.String),
    upstreamType: Schema.optional(Schema.String),
    upstreamParam: Schema.optional(Schema.String),
    url: Schema.optional(Schema.String),
    /** A rate limit: when to ask again, as the `Retry-After` header says. */
    retryAfterSeconds: Schema.optional(Schema.Number)
  })
}).annotations({ identifier: "Error" })

export const OpenAiError = Schema.Struct({
  error: Schema.Struct({
    message: Schema.String,
    type: Schema.String,
    param: Schema.NullOr(Schema.String),
    code: Schema.String,
    reason: Schema.optional(ProviderErrorReason)
  })
}).annotations({ identifier: "OpenAiError" })

/** Anthropic's error body, on `/v1/messages` and `/v1/messages/count_tokens`. */
export const AnthropicError = Schema.Struct({
  type: Schema.Literal("error"),
  error: Schema.Struct({
    /** Anthropic's error type for the status (`invalid_request_error`, `rate_limit_error`, …), or its upstream's own. */
    type: Schema.String,
    message: Schema.String,
    reason: Schema.optional(ProviderErrorReason)
  })
}).annotations({ identifier: "AnthropicError" })

/** The headers the Messages endpoints pass on to an Anthropic provider. */
const anthropicHeaders = [
  {
    name: "anthropic-version",
    description:
      "Passed on to Anthropic providers; 2023-06-01 when not sent. Translated answers are 2023-06-01's shape."
  },
  { name: "anthropic-beta", description: "Passed on to Anthropic providers, after the provider's own betas." }
]

const provider = { status: 200, description: "The provider, keys masked.", schema: ProviderView } as const

const chatEvents = `Server-Sent Events:
- \`event: start\` \`{"conversationId", "url"}\`
- \`event: delta\` \`{"text"}\` and \`event: reasoning\` \`{"text"}\`
- \`event: usage\` \`{"inputTokens", "outputTokens"}\`
- \`event: done\` \`{"finishReason", "raw"?, "usage"?, "cost"?: {"amount", "currency"}, "timing": {"firstTokenMs", "totalMs", "tokensPerSecond", "tokensEstimated"}}\` (\`cost\` where the model's prices are known)
- or, last, \`event: error\` \`{"error": {"code", "reason"?, "message", "upstreamStatus"?}}\`

The stream opens once the upstream answered: a failure before that is an error answer with its own status.`

const checkEvents = `Server-Sent Events:
- \`event: start\` \`{"providerId", "total", "models", "keys", "concurrency", "timeoutMs"}\` (keys masked; \`null\` for a keyless provider)
- \`event: progress\` \`{"done", "total", "check": {"modelId", "checkedAt", "result"}}\` per model × key as it finishes; \`result\` is a verify report's per-key entry (ok or reason, status, latencyMs, url, stage)
- \`event: done\` \`{"total", "passed", "failed", "elapsedMs"}\`
- or, last, \`event: error\` \`{"error": {"code", "message", …}}\`

Bad input or an unknown provider is an error answer with its own status. Closing the connection cancels the check and aborts the upstream requests still running; the results that came are kept.`

export const operations: ReadonlyArray<Operation> = [
  {
    method: "get",
    path: "/healthz",
    tag: "server",
    summary: "Health: whether the database answers",
    auth: false,
    response: {
      status: 200,
      description: '`{"status": "ok"}`; 503 `{"status": "unavailable", "reason"}` while the database does not answer'
    }
  },
  {
    method: "get",
    path: "/api/providers",
    tag: "providers",
    summary: "List providers in the user's order",
    auth: true,
    response: { status: 200, description: "Every provider.", schema: Schema.Array(ProviderView) }
  },
  {
    method: "post",
    path: "/api/providers",
    tag: "providers",
    summary: "Add a provider",
    description:
      'From scratch (`name`, `type`, `baseUrl`, …) or from a preset (`{"name": "vLLM", "preset": "vllm"}`). `apiKeys` are plain strings; the answer shows them masked.',
    body: NewProvider,
    auth: true,
    response: { ...provider, status: 201, description: "The new provider." }
  },
  {
    method: "put",
    path: "/api/providers/order",
    tag: "providers",
    summary: "Reorder providers",
    description: "`order` lists every provider id exactly once.",
    body: OrderBody,
    auth: true,
    response: { status: 200, description: "Every provider, in the new order.", schema: Schema.Array(ProviderView) }
  },
  {
    method: "get",
    path: "/api/providers/{id}",
    tag: "providers",
    summary: "Read one provider",
    auth: true,
    response: provider
  },
  {
    method: "patch",
    path: "/api/providers/{id}",
    tag: "providers",
    summary: "Change a provider",
    description:
      'Any of name, type, baseUrl, apiKeys, apiVersion (null removes it), headers, timeouts, enabled. `apiKeys` replaces the list: a string is a new key, `{"id"}` keeps a stored one. With `revision`, a provider changed since then answers 409. Masked credential headers sent back unchanged keep their stored values.',
    body: PatchBody,
    auth: true,
    response: provider
  },
  {
    method: "delete",
    path: "/api/providers/{id}",
    tag: "providers",
    summary: "Remove a provider",
    auth: true,
    response: { status: 204, description: "Removed." }
  },
  {
    method: "post",
    path: "/api/providers/{id}/verify",
    tag: "providers",
    summary: "Verify every key",
    description:
      "Per key, in parallel: list models, or generate one token (with `model`, or when the server has no model list); an embedding-only model embeds one text instead.",
    body: VerifyBody,
    bodyOptional: true,
    auth: true,
    response: { status: 200, description: "The per-key report.", schema: VerifyReportView }
  },
  {
    method: "get",
    path: "/api/providers/{id}/verify",
    tag: "providers",
    summary: "The last verify report",
    description:
      "The report of the provider's last check, by any frontend, with when it was made (`checkedAt`); kept across restarts, removed with the provider. `null` if it was never verified.",
    auth: true,
    response: {
      status: 200,
      description: '`{"checkedAt", "report"}` or `null`.',
      schema: Schema.encodedSchema(LastVerifyView)
    }
  },
  {
    method: "get",
    path: "/api/providers/{id}/remote-models",
    tag: "providers",
    summary: "The provider's own model list",
    auth: true,
    response: { status: 200, description: "Every page, read.", schema: Schema.Array(RemoteModelView) }
  },
  {
    method: "get",
    path: "/api/providers/{id}/urls",
    tag: "providers",
    summary: "Preview the exact endpoint URLs",
    description:
      "For the stored settings, with any of `type`, `baseUrl`, `apiVersion` from the query laid over them (unsaved edits), and `model` for the chat URL of Gemini and Azure.",
    query: UrlsQuery,
    auth: true,
    response: { status: 200, description: "The URLs.", schema: EndpointsView }
  },
  {
    method: "get",
    path: "/api/urls",
    tag: "providers",
    summary: "Preview the URLs of settings not saved yet",
    query: UrlPreviewQuery,
    auth: true,
    response: { status: 200, description: "The URLs.", schema: EndpointsView }
  },
  {
    method: "post",
    path: "/api/providers/{id}/models",
    tag: "models",
    summary: "Add one model or several",
    description: 'A model id (`"gpt2"`), an object (`{"id", "name"?, "group"?, "capabilities"?}`), or a list of them.',
    body: NewModels,
    auth: true,
    response: { ...provider, status: 201, description: "The provider with its models." }
  },
  {
    method: "patch",
    path: "/api/providers/{id}/models/{modelId}",
    tag: "models",
    summary: "Change a model",
    description:
      "Name, group, capability overrides, context window, max output tokens and prices (per million tokens, with an ISO 4217 `currency`); each wins over the provider's and the catalog's value, and `null` goes back to theirs.",
    body: ModelPatch,
    auth: true,
    response: provider
  },
  {
    method: "post",
    path: "/api/providers/{id}/models-sync",
    tag: "models",
    summary: "Sync the models with the provider's own list",
    description:
      "Reads the provider's list and compares: `added` (new upstream), `gone` (no longer offered: marked with `goneAt`, never deleted silently), `unchanged`. Refreshes the provider's and the catalog's facts; names, groups, capability overrides and settings stay. `addNew` adds the new models, `removeGone` removes the gone ones.",
    body: SyncBody,
    bodyOptional: true,
    auth: true,
    response: { status: 200, description: "The diff and the provider after the sync.", schema: SyncView }
  },
  {
    method: "post",
    path: "/api/providers/{id}/models-check",
    tag: "models",
    summary: "Check every model × key, streamed",
    description:
      "Probes each model (or `models`) with each key (or `keyId`): one generated token, or one embedded text for an embedding model; `concurrency` at a time (1–32, default 4), each under `timeoutMs` (default: the provider's verify limit). Each result is stored as it comes.",
    body: CheckBody,
    bodyOptional: true,
    auth: true,
    response: { status: 200, description: checkEvents, contentType: "text/event-stream" }
  },
  {
    method: "get",
    path: "/api/providers/{id}/models-check",
    tag: "models",
    summary: "The last result of every model × key",
    description:
      "By any frontend, each with when it was made; models and keys removed since are left out. `failures` names the models no working key passed and the keys no working model passed with.",
    auth: true,
    response: { status: 200, description: "The last results.", schema: LastChecksView }
  },
  {
    method: "post",
    path: "/api/providers/{id}/models-check/remove-failed",
    tag: "models",
    summary: "Remove the failed models, or the keys that failed everywhere",
    description: "As the last results' `failures` name them.",
    body: RemoveFailedBody,
    auth: true,
    response: { status: 200, description: "What was removed, and the provider.", schema: RemovedView }
  },
  {
    method: "delete",
    path: "/api/providers/{id}/models/{modelId}",
    tag: "models",
    summary: "Remove a model",
    auth: true,
    response: provider
  },
  {
    method: "post",
    path: "/api/chat",
    tag: "chat",
    summary: "Chat, streamed",
    description:
      "Streams the answer and saves the turn in a conversation (new, or `conversationId`'s). Closing the connection stops the answer and aborts the upstream request.",
    body: ChatBody,
    auth: true,
    response: { status: 200, description: chatEvents, contentType: "text/event-stream" }
  },
  {
    method: "get",
    path: "/api/conversations",
    tag: "chat",
    summary: "List conversations, newest first",
    description:
      "With `q`, only those whose title or message text contains it (ASCII case ignored; at most 200 characters).",
    query: ListQuery,
    auth: true,
    response: {
      status: 200,
      description: "Without messages.",
      schema: Schema.encodedSchema(Schema.Array(Conversation))
    }
  },
  {
    method: "get",
    path: "/api/conversations/{id}",
    tag: "chat",
    summary: "Read a conversation",
    auth: true,
    response: { status: 200, description: "With its messages.", schema: Schema.encodedSchema(ConversationWithMessages) }
  },
  {
    method: "patch",
    path: "/api/conversations/{id}",
    tag: "chat",
    summary: "Rename a conversation or change its settings",
    description:
      "Any of `title`, `systemPrompt`, `temperature` (0–2), `maxTokens` (1–1,000,000); `null` removes a setting. Later turns use the settings unless they give their own.",
    body: ConversationPatchBody,
    auth: true,
    response: { status: 200, description: "Without messages.", schema: Schema.encodedSchema(Conversation) }
  },
  {
    method: "delete",
    path: "/api/conversations/{id}",
    tag: "chat",
    summary: "Delete a conversation",
    auth: true,
    response: { status: 204, description: "Deleted." }
  },
  {
    method: "delete",
    path: "/api/conversations/{id}/messages/{seq}",
    tag: "chat",
    summary: "Delete one message",
    description: "The other messages keep their numbers.",
    auth: true,
    response: { status: 204, description: "Deleted." }
  },
  {
    method: "get",
    path: "/api/conversations/{id}/export",
    tag: "chat",
    summary: "Export a conversation",
    description: "`format` is `markdown` (the default) or `json` (the same object as reading it), as a download.",
    query: ExportQuery,
    auth: true,
    response: { status: 200, description: "The document.", contentType: "text/markdown" }
  },
  {
    method: "post",
    path: "/api/conversations/{id}/retry",
    tag: "chat",
    summary: "Answer the last user message again",
    description:
      "Drops what followed the last user message (an answer, a failed one) and streams a new answer, as `POST /api/chat` does, from the last answer's model unless `provider`/`model` name another.",
    body: RetryBody,
    bodyOptional: true,
    auth: true,
    response: { status: 200, description: chatEvents, contentType: "text/event-stream" }
  },
  {
    method: "post",
    path: "/api/conversations/{id}/edit",
    tag: "chat",
    summary: "Edit a user message and resend it",
    description:
      "User message `seq` becomes `content`, everything after it is dropped, and the answer streams as `POST /api/chat`'s does.",
    body: EditBody,
    auth: true,
    response: { status: 200, description: chatEvents, contentType: "text/event-stream" }
  },
  {
    method: "get",
    path: "/api/export",
    tag: "configuration",
    summary: "Export the configuration without keys",
    auth: true,
    response: { status: 200, description: "The document.", schema: Schema.encodedSchema(ConfigDocument) }
  },
  {
    method: "post",
    path: "/api/export",
    tag: "configuration",
    summary: "Export the configuration with keys sealed by a passphrase",
    body: ExportBody,
    auth: true,
    response: { status: 200, description: "The document.", schema: Schema.encodedSchema(ConfigDocument) }
  },
  {
    method: "post",
    path: "/api/import",
    tag: "configuration",
    summary: "Import a configuration",
    description: "The body is a document from export. Everything is validated before anything is written.",
    body: Schema.encodedSchema(ConfigDocument),
    headers: [{ name: passphraseHeader, description: "The passphrase the document's keys were sealed with." }],
    auth: true,
    response: { status: 200, description: "Every provider after the import.", schema: Schema.Array(ProviderView) }
  },
  {
    method: "get",
    path: "/api/presets",
    tag: "providers",
    summary: "Presets for adding a provider",
    auth: true,
    response: { status: 200, description: "The presets.", schema: Schema.Array(PresetView) }
  },
  {
    method: "get",
    path: "/v1/models",
    tag: "openai",
    summary: "OpenAI: list models",
    description:
      "Every model of every enabled provider as `<provider id>/<model id>`, with its `capabilities` (`embedding` marks a model for `/v1/embeddings`).",
    auth: true,
    openAiErrors: true,
    response: { status: 200, description: "OpenAI's model list.", schema: ModelList }
  },
  {
    method: "get",
    path: "/v1/models/{model}",
    tag: "openai",
    summary: "OpenAI: one model",
    auth: true,
    openAiErrors: true,
    response: { status: 200, description: "The model.", schema: ModelEntry }
  },
  {
    method: "post",
    path: "/v1/chat/completions",
    tag: "openai",
    summary: "OpenAI: chat completions",
    description:
      "`model` is `<provider id>/<model id>`; any provider type. OpenAI-compatible and Azure providers get the request relayed as written; Anthropic, Gemini and OpenAI Responses providers get it translated, each field sent, dropped at its neutral value or refused with a 400 naming it (the README's table). With `stream: true`, `chat.completion.chunk` SSE frames (tool calls as `delta.tool_calls`) ending in `data: [DONE]`. The `x-switchboard-overhead-ms` header gives the time the gateway added.",
    body: ChatCompletionRequest,
    auth: true,
    openAiErrors: true,
    response: { status: 200, description: "A `chat.completion`, or SSE chunks." }
  },
  {
    method: "post",
    path: "/v1/responses",
    tag: "openai",
    summary: "OpenAI: responses",
    description:
      "OpenAI's Responses API, stateless; `model` is `<provider id>/<model id>`, any provider type. OpenAI Responses providers get the request relayed as written; the others get it translated, each field sent, dropped at its neutral value or refused with a 400 naming it (the server README's table). Nothing is stored: `previous_response_id`, `conversation` and `store: true` are refused; an `item_reference` is read from the id the gateway gave the item, which carries it where the item was whole when the id was written. With `stream: true`, the spec's named, numbered events (`response.created` … `response.completed`, or `response.incomplete`), ending in an `error` event if the answer fails midway.",
    body: ResponsesRequest,
    auth: true,
    openAiErrors: true,
    response: { status: 200, description: "A `response` object, or its server-sent events." }
  },
  {
    method: "post",
    path: "/v1/embeddings",
    tag: "openai",
    summary: "OpenAI: embeddings",
    description:
      "`model` is `<provider id>/<model id>`. OpenAI-compatible, Azure and OpenAI Responses providers get the request relayed as written (token arrays included); Gemini providers get it translated to `batchEmbedContents` (texts only, at most 100; `dimensions` as `outputDimensionality`), answered in OpenAI's shape with `encoding_format` honoured (base64 is little-endian float32). Anthropic has no embeddings API: a 400 says so.",
    body: EmbeddingsRequest,
    auth: true,
    openAiErrors: true,
    response: { status: 200, description: "OpenAI's embeddings list." }
  },
  {
    method: "post",
    path: "/v1/messages",
    tag: "anthropic",
    summary: "Anthropic: messages",
    description:
      "Anthropic's Messages API; `model` is `<provider id>/<model id>`, any provider type. Anthropic providers get the request relayed as written (with `anthropic-version` and `anthropic-beta`) and the answer's bytes back. The others get it translated: text, image, document, tool_use, tool_result and thinking blocks, custom tools, `tool_choice`, `thinking`, `output_config`, and each top-level field sent, dropped or refused with a 400 naming it (the server README's table). The answer is a `message`, or Anthropic's events (`message_start`, `ping`, each block's `content_block_start`, deltas (`text_delta`, `thinking_delta`, `signature_delta`, `input_json_delta`) and `content_block_stop`, `message_delta` with the stop reason and usage, `message_stop`), ending in an `error` event if the answer fails midway. The token is taken as `x-api-key` or a bearer token.",
    body: MessagesRequest,
    headers: anthropicHeaders,
    auth: true,
    anthropic: true,
    response: { status: 200, description: "A `message`, or its server-sent events." }
  },
  {
    method: "post",
    path: "/v1/messages/count_tokens",
    tag: "anthropic",
    summary: "Anthropic: count tokens",
    description:
      'Anthropic providers count with their own tokenizer (the request is relayed to their `/v1/messages/count_tokens`). Every other type answers an estimate, not a count: one token per four characters of the request\'s text and tool JSON, and 1,600 per image or PDF. `{"input_tokens": n}` either way.',
    body: CountTokensRequest,
    headers: anthropicHeaders,
    auth: true,
    anthropic: true,
    response: { status: 200, description: '`{"input_tokens": n}`' }
  }
]

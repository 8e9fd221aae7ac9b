/**
 * A `FakeUpstream` that speaks one provider protocol well enough for the real adapters: OpenAI-compatible chat
 * completions (`/v1`), OpenAI's Responses API (`/v1/responses`), Azure deployments (`/openai/deployments/<name>/…`),
 * Anthropic messages, Gemini `streamGenerateContent`/`generateContent`, each one's model list, and embeddings where
 * the protocol has them (`FakeEmbeddings`). What a chat gets is a `Behaviour` a test switches at will: an answer, a
 * slow one, an error status, a hang before any byte, a stall after the first piece.
 * With `key` set, requests without that credential (or one of those credentials) get the protocol's 401.
 */
import type { Answer, ToolCall } from "./Answer"
import * as AnthropicFrames from "./AnthropicFrames"
import * as Answers from "./Answers"
import * as FakeEmbeddings from "./FakeEmbeddings"
import * as FakeUpstream from "./FakeUpstream"
import * as GeminiFrames from "./GeminiFrames"
import * as OpenAiFrames from "./OpenAiFrames"
import * as ResponsesFrames from "./ResponsesFrames"

export type Protocol = "openai" | "responses" | "azure" | "anthropic" | "gemini"

export type Behaviour =
  | {
      readonly kind: "answer"
      readonly pieces: ReadonlyArray<string>
      readonly reasoning?: string
      /** Tool calls after the text, finishing as the protocol's "tool use". */
      readonly toolCalls?: ReadonlyArray<ToolCall>
    }
  /** An answer whose frames arrive `delayMs` apart (a model generating). */
  | { readonly kind: "slow"; readonly pieces: ReadonlyArray<string>; readonly delayMs: number }
  /** This status and body (a string is sent as it is), on every chat. */
  | {
      readonly kind: "status"
      readonly status: number
      readonly body: unknown
      readonly headers?: Record<string, string>
    }
  /** Headers and the first piece, then silence until the client leaves. */
  | { readonly kind: "stall"; readonly first: string }
  /** Nothing at all until the client leaves. */
  | { readonly kind: "hang" }

export const defaultAnswer: Behaviour = { kind: "answer", pieces: ["Hello", " from", " upstream"] }

export interface ProviderOptions extends FakeUpstream.StartOptions {
  readonly protocol?: Protocol
  /** Model ids the model list names; `["test-model"]` by default. */
  readonly models?: ReadonlyArray<string>
  /** What chats get; a function chooses per request (a prompt saying "slow" streams slowly). */
  readonly behaviour?: Behaviour | ((chat: ChatCall) => Behaviour)
  /** When set, requests without this credential (or one of these) in the protocol's header get a 401. */
  readonly key?: string | ReadonlyArray<string> | undefined
  /** Each model's context length in the OpenAI list (vLLM's `max_model_len`). */
  readonly contextLength?: number
  /** The prompt's token count in usage; 7 by default. */
  readonly promptTokens?: number
  /** The model list never answers (a stuck server). */
  readonly hangModels?: boolean
}

/** One chat request as the provider understood it. */
export interface ChatCall {
  readonly model: string
  /** The body's `messages` (OpenAI, Azure, Anthropic), `input` items (Responses) or `contents` (Gemini). */
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: unknown }>
  readonly stream: boolean
  readonly request: FakeUpstream.ReceivedRequest
}

export interface FakeProvider extends FakeUpstream.FakeUpstream {
  readonly protocol: Protocol
  /** Switches what the next chats get. */
  readonly behave: (behaviour: Behaviour | ((chat: ChatCall) => Behaviour)) => void
  /** Changes options (models, key, …) for the next requests. */
  readonly set: (change: Omit<ProviderOptions, "protocol" | "port" | "record">) => void
  /** Back to the options `start` was given. */
  readonly reset: () => void
  /** The chat requests received so far, oldest first. */
  readonly chats: () => ReadonlyArray<ChatCall>
}

const credential: Readonly<Record<Protocol, (key: string, request: FakeUpstream.ReceivedRequest) => boolean>> = {
  openai: (key, request) => request.headers.authorization === `Bearer ${key}`,
  responses: (key, request) => request.headers.authorization === `Bearer ${key}`,
  azure: (key, request) => request.headers["api-key"] === key,
  anthropic: (key, request) => request.headers["x-api-key"] === key,
  gemini: (key, request) => request.headers["x-goog-api-key"] === key || request.query.get("key") === key
}

const unauthorized: Readonly<Record<Protocol, unknown>> = {
  openai: OpenAiFrames.error("Incorrect API key provided"),
  responses: OpenAiFrames.error("Incorrect API key provided"),
  azure: OpenAiFrames.error("Access denied due to invalid subscription key"),
  anthropic: AnthropicFrames.error("invalid x-api-key"),
  gemini: GeminiFrames.error("API key not valid. Please pass a valid API key.")
}

const modelsPath: Readonly<Record<Protocol, string>> = {
  openai: "/v1/models",
  responses: "/v1/models",
  azure: "/openai/models",
  anthropic: "/v1/models",
  gemini: "/v1beta/models"
}

/** The model a chat path names (Azure's deployment, Gemini's model), or undefined when it is not a chat path. */
const chatPath: Readonly<Record<Protocol, (path: string) => { model?: string; stream?: boolean } | undefined>> = {
  openai: (path) => (path === "/v1/chat/completions" ? {} : undefined),
  responses: (path) => (path === "/v1/responses" ? {} : undefined),
  azure: (path) => {
    const match = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path)
    return match === null ? undefined : { model: decodeURIComponent(match[1]!) }
  },
  anthropic: (path) => (path === "/v1/messages" ? {} : undefined),
  gemini: (path) => {
    const match = /^\/v1beta\/models\/([^/:]+):(streamGenerateContent|generateContent)$/.exec(path)
    return match === null
      ? undefined
      : { model: decodeURIComponent(match[1]!), stream: match[2] === "streamGenerateContent" }
  }
}

const streamFrames: Readonly<Record<Protocol, (answer: Answer) => Array<string>>> = {
  openai: OpenAiFrames.frames,
  responses: ResponsesFrames.frames,
  azure: OpenAiFrames.frames,
  anthropic: AnthropicFrames.frames,
  gemini: GeminiFrames.frames
}

const completeBody: Readonly<Record<Protocol, (answer: Answer) => string>> = {
  openai: (answer) => OpenAiFrames.completion(answer),
  responses: ResponsesFrames.response,
  azure: (answer) => OpenAiFrames.completion(answer),
  anthropic: AnthropicFrames.message,
  gemini: GeminiFrames.complete
}

const modelList = (protocol: Protocol, models: ReadonlyArray<string>, contextLength: number | undefined) =>
  protocol === "anthropic"
    ? AnthropicFrames.modelList(models)
    : protocol === "gemini"
      ? GeminiFrames.modelList(models)
      : OpenAiFrames.modelList(models, contextLength)

const chatCall = (protocol: Protocol, request: FakeUpstream.ReceivedRequest): ChatCall | undefined => {
  if (request.method !== "POST") return undefined
  const fromPath = chatPath[protocol](request.path)
  if (fromPath === undefined) return undefined
  const body = (request.body ?? {}) as {
    model?: unknown
    messages?: unknown
    contents?: unknown
    input?: unknown
    stream?: unknown
  }
  // A Responses `input` may be one string: the user's message.
  const input = typeof body.input === "string" ? [{ role: "user", content: body.input }] : body.input
  return {
    model: fromPath.model ?? String(body.model ?? ""),
    messages: (Array.isArray(body.messages)
      ? body.messages
      : Array.isArray(body.contents)
        ? body.contents
        : Array.isArray(input)
          ? input
          : []) as ChatCall["messages"],
    stream: fromPath.stream ?? body.stream === true,
    request
  }
}

/** Starts a fake provider on 127.0.0.1 speaking `options.protocol` (OpenAI-compatible by default). */
export const start = async (initial: ProviderOptions = {}): Promise<FakeProvider> => {
  const protocol = initial.protocol ?? "openai"
  const upstream = await FakeUpstream.start(initial)
  let options = initial

  const answerChat = (chat: ChatCall): FakeUpstream.Handler => {
    const chosen = options.behaviour ?? defaultAnswer
    const behaviour = typeof chosen === "function" ? chosen(chat) : chosen
    const answer = (
      pieces: ReadonlyArray<string>,
      reasoning?: string,
      toolCalls?: ReadonlyArray<ToolCall>
    ): Answer => ({
      model: chat.model,
      pieces,
      reasoning,
      toolCalls,
      promptTokens: options.promptTokens ?? 7
    })
    switch (behaviour.kind) {
      case "status":
        return Answers.json(behaviour.status, behaviour.body, behaviour.headers)
      case "hang":
        return Answers.hang
      case "stall":
        // A complete answer's bytes come when it is done: a stalled one sends only its headers.
        return chat.stream
          ? Answers.stall(streamFrames[protocol](answer([behaviour.first]))[0])
          : Answers.stall("", { "content-type": "application/json" })
      case "answer":
        return chat.stream
          ? Answers.frames(streamFrames[protocol](answer(behaviour.pieces, behaviour.reasoning, behaviour.toolCalls)))
          : Answers.json(
              200,
              completeBody[protocol](answer(behaviour.pieces, behaviour.reasoning, behaviour.toolCalls))
            )
      case "slow":
        return chat.stream
          ? Answers.frames(streamFrames[protocol](answer(behaviour.pieces)), { delayMs: behaviour.delayMs })
          : Answers.slowFirstByte(
              behaviour.delayMs * behaviour.pieces.length,
              Answers.json(200, completeBody[protocol](answer(behaviour.pieces)))
            )
    }
  }

  upstream.fallback((request, res) => {
    const accepted = typeof options.key === "string" ? [options.key] : options.key
    if (accepted !== undefined && !accepted.some((key) => credential[protocol](key, request))) {
      return Answers.json(401, unauthorized[protocol])(request, res)
    }
    if (request.method === "GET" && request.path === modelsPath[protocol]) {
      if (options.hangModels === true) return
      return Answers.json(200, modelList(protocol, options.models ?? ["test-model"], options.contextLength))(
        request,
        res
      )
    }
    const embeddings = FakeEmbeddings.embeddingsHandler(protocol, request)
    if (embeddings !== undefined) return embeddings(request, res)
    // Anthropic's token count, relayed by the gateway's `/v1/messages/count_tokens`: the prompt's token count.
    if (protocol === "anthropic" && request.method === "POST" && request.path === "/v1/messages/count_tokens")
      return Answers.json(200, { input_tokens: options.promptTokens ?? 7 })(request, res)
    const chat = chatCall(protocol, request)
    if (chat === undefined) {
      return Answers.json(404, OpenAiFrames.error(`no route ${request.method} ${request.path}`))(request, res)
    }
    return answerChat(chat)(request, res)
  })

  return {
    ...upstream,
    protocol,
    behave: (behaviour) => {
      options = { ...options, behaviour }
    },
    set: (change) => {
      options = { ...options, ...change }
    },
    reset: () => {
      options = initial
    },
    chats: () => upstream.requests().flatMap((request) => chatCall(protocol, request) ?? [])
  }
}

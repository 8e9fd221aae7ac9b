/**
 * The dashboard's typed REST client: one `request` helper (JSON in, JSON out, the bearer token attached, errors
 * turned into `ApiError`) and one function per endpoint of the server's contract. A plain fetch client rather than
 * Hono's `hc<AppType>` keeps the server's types (and Effect) out of the web build and lets the UI test against a
 * fake `fetch`.
 */
import { ApiError } from "./ApiError"
import { readSse } from "./sse"
import { getToken } from "./token"
import type { Endpoints } from "@switchboard/core/BaseUrl"
import type { Preset } from "@switchboard/core/Presets"
import type { CheckInput } from "@switchboard/core/domain/ModelCheck"
import type {
  LastChecksView as LastChecks,
  RemovedView as Removed,
  SyncView
} from "@switchboard/core/domain/ModelViews"
import type { ModelPatch, NewModel, NewProvider } from "@switchboard/core/domain/ProviderInput"
import type { ProviderType } from "@switchboard/core/domain/ProviderTypes"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import type {
  KeyCheckView as KeyCheck,
  LastVerifyView as LastVerify,
  RemoteModelView as RemoteModel,
  VerifyReportView as VerifyReport
} from "@switchboard/core/domain/ReportViews"
import type { ProviderPatch } from "@switchboard/core/domain/ProviderInput"
import type {
  AnswerTarget,
  ChatRequest,
  CheckStreamEvent,
  ChatStreamEvent,
  ConversationDetail,
  ConversationPatch,
  ConversationSummary,
  ErrorBody
} from "./types"

type Listener = () => void
const unauthenticatedListeners = new Set<Listener>()

/** Called whenever the server answers 401, so the app can ask for the token. */
export const onUnauthenticated = (listener: Listener): (() => void) => {
  unauthenticatedListeners.add(listener)
  return () => {
    unauthenticatedListeners.delete(listener)
  }
}

const headers = (json: boolean, extra?: Record<string, string>): Headers => {
  const result = new Headers({ accept: "application/json", ...extra })
  if (json) result.set("content-type", "application/json")
  const token = getToken()
  if (token !== undefined) result.set("authorization", `Bearer ${token}`)
  return result
}

/** Sends one request; resolves to the raw response when it is 2xx, rejects with an `ApiError` otherwise. */
export const send = async (
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  extraHeaders?: Record<string, string>
): Promise<Response> => {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers: headers(body !== undefined, extraHeaders),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal === undefined ? {} : { signal })
    })
  } catch (cause) {
    // An abort is the caller's own doing: let it through unchanged so callers can tell it from a failure.
    if (signal?.aborted) throw cause
    throw ApiError.network(cause)
  }
  if (response.ok) return response
  const error = await ApiError.fromResponse(response)
  if (error.unauthenticated) for (const listener of unauthenticatedListeners) listener()
  throw error
}

export const request = async <A>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
  extraHeaders?: Record<string, string>
): Promise<A> => {
  const response = await send(method, path, body, signal, extraHeaders)
  if (response.status === 204) return undefined as A
  const text = await response.text()
  return (text === "" ? undefined : JSON.parse(text)) as A
}

const provider = (id: string) => `/api/providers/${encodeURIComponent(id)}`
const conversation = (id: string) => `/api/conversations/${encodeURIComponent(id)}`
const model = (id: string, modelId: string) => `${provider(id)}/models/${encodeURIComponent(modelId)}`

/** Settings whose URLs the preview shows before they are saved. */
export interface UrlSettings {
  readonly type: ProviderType
  readonly baseUrl: string
  readonly apiVersion?: string
}

export const api = {
  providers: {
    list: (signal?: AbortSignal) => request<ReadonlyArray<Provider>>("GET", "/api/providers", undefined, signal),
    get: (id: string) => request<Provider>("GET", provider(id)),
    add: (input: NewProvider) => request<Provider>("POST", "/api/providers", input),
    update: (id: string, patch: ProviderPatch) => request<Provider>("PATCH", provider(id), patch),
    remove: (id: string) => request<void>("DELETE", provider(id)),
    reorder: (ids: ReadonlyArray<string>) =>
      request<ReadonlyArray<Provider>>("PUT", "/api/providers/order", { order: ids }),
    verify: (id: string, modelId?: string) =>
      request<VerifyReport>("POST", `${provider(id)}/verify`, modelId === undefined ? {} : { model: modelId }),
    /**
     * Checks one key by generating one token with one model (the server's model × key check, narrowed to both);
     * resolves to that key's result.
     */
    checkKey: async (id: string, keyId: string, modelId: string, signal?: AbortSignal): Promise<KeyCheck> => {
      for await (const event of checkModels(id, { keyId, models: [modelId] }, signal))
        if (event.event === "progress") return event.data.check.result
      throw new ApiError(200, "NoResult", "The check ended without a result. Try again.")
    },
    /** The last check's report and when it ran; null for a provider never checked. */
    lastVerify: (id: string, signal?: AbortSignal) =>
      request<LastVerify>("GET", `${provider(id)}/verify`, undefined, signal),
    remoteModels: (id: string, signal?: AbortSignal) =>
      request<ReadonlyArray<RemoteModel>>("GET", `${provider(id)}/remote-models`, undefined, signal),
    urls: (id: string, signal?: AbortSignal) => request<Endpoints>("GET", `${provider(id)}/urls`, undefined, signal)
  },
  models: {
    /** One id, or several at once (ids already on the provider fail the whole call). */
    add: (id: string, models: ReadonlyArray<NewModel>) => request<Provider>("POST", `${provider(id)}/models`, models),
    update: (id: string, modelId: string, patch: ModelPatch) => request<Provider>("PATCH", model(id, modelId), patch),
    remove: (id: string, modelId: string) => request<Provider>("DELETE", model(id, modelId)),
    /** Checks every model × key (or the ones `input` narrows to); aborting `signal` cancels the check. */
    check: (id: string, input: CheckInput, signal?: AbortSignal) => checkModels(id, input, signal),
    /** The last result of every model × key, and the models and keys they blame. */
    lastChecks: (id: string, signal?: AbortSignal) =>
      request<LastChecks>("GET", `${provider(id)}/models-check`, undefined, signal),
    /** Removes the models (or keys) the last results blame. */
    removeFailed: (id: string, what: "models" | "keys") =>
      request<Removed>("POST", `${provider(id)}/models-check/remove-failed`, { what }),
    /** Compares the models with the provider's list and marks the gone; `addNew`/`removeGone` apply the diff. */
    sync: (id: string, options: { readonly addNew?: boolean; readonly removeGone?: boolean } = {}) =>
      request<SyncView>("POST", `${provider(id)}/models-sync`, options)
  },
  conversations: {
    /** Newest first; with `query`, only those whose title or text holds it. */
    list: (query?: string, signal?: AbortSignal) =>
      request<ReadonlyArray<ConversationSummary>>(
        "GET",
        query === undefined || query === ""
          ? "/api/conversations"
          : `/api/conversations?${new URLSearchParams({ q: query })}`,
        undefined,
        signal
      ),
    get: (id: string, signal?: AbortSignal) => request<ConversationDetail>("GET", conversation(id), undefined, signal),
    /** A new title, or settings (`null` removes one). */
    update: (id: string, patch: ConversationPatch) => request<ConversationSummary>("PATCH", conversation(id), patch),
    remove: (id: string) => request<void>("DELETE", conversation(id)),
    removeMessage: (id: string, seq: number) => request<void>("DELETE", `${conversation(id)}/messages/${seq}`),
    /** The conversation as a Markdown or JSON document, as text. */
    exportAs: async (id: string, format: "markdown" | "json") =>
      (await send("GET", `${conversation(id)}/export?${new URLSearchParams({ format })}`)).text()
  },
  presets: () => request<ReadonlyArray<Preset>>("GET", "/api/presets"),
  /** Without a passphrase keys are left out; with one they are included, sealed with it. */
  exportConfig: (passphrase?: string) =>
    passphrase === undefined
      ? request<unknown>("GET", "/api/export")
      : request<unknown>("POST", "/api/export", { passphrase }),
  /** The passphrase of a document with sealed keys travels in a header, never in the URL. */
  importConfig: (document: unknown, passphrase?: string) =>
    request<ReadonlyArray<Provider>>(
      "POST",
      "/api/import",
      document,
      undefined,
      passphrase === undefined ? undefined : { "x-switchboard-passphrase": passphrase }
    )
}

/**
 * The resolved URLs for settings that may not be saved yet, of a stored provider or (without `id`) of a new one. The
 * settings travel as query parameters: they hold no secret (keys and headers are never sent), and a GET keeps the
 * preview cacheable and side-effect free.
 */
export const previewUrls = (
  id: string | undefined,
  settings: UrlSettings,
  signal?: AbortSignal
): Promise<Endpoints> => {
  const query = new URLSearchParams({ type: settings.type, baseUrl: settings.baseUrl })
  if (settings.apiVersion !== undefined && settings.apiVersion !== "") query.set("apiVersion", settings.apiVersion)
  // A provider not added yet has no stored settings to lay these over: `/api/urls` previews them alone.
  const path = id === undefined ? "/api/urls" : `${provider(id)}/urls`
  return request<Endpoints>("GET", `${path}?${query}`, undefined, signal)
}

/** Where an answer comes from: a new turn, the last user message answered again, or an edited message resent. */
export type AnswerRequest =
  | { readonly kind: "chat"; readonly body: ChatRequest }
  | { readonly kind: "retry"; readonly conversationId: string; readonly body: AnswerTarget }
  | {
      readonly kind: "edit"
      readonly conversationId: string
      readonly body: AnswerTarget & { readonly seq: number; readonly content: string }
    }

const answerPath = (request: AnswerRequest) =>
  request.kind === "chat" ? "/api/chat" : `${conversation(request.conversationId)}/${request.kind}`

/**
 * Streams one answer (each request kind streams the same events); aborting `signal` closes the connection, which the
 * server turns into an upstream abort.
 */
export async function* streamAnswer(request: AnswerRequest, signal: AbortSignal): AsyncGenerator<ChatStreamEvent> {
  const response = await send("POST", answerPath(request), request.body, signal)
  if (response.body === null) return
  for await (const message of readSse(response.body, signal)) {
    const data = JSON.parse(message.data) as object
    yield { type: message.event, ...data } as ChatStreamEvent
  }
}

/**
 * Streams a check of every model × key as it runs: `start`, a `progress` per result, `done`. The server's `error`
 * event is thrown as an `ApiError`; aborting `signal` closes the connection, which cancels the check upstream.
 */
async function* checkModels(id: string, input: CheckInput, signal?: AbortSignal): AsyncGenerator<CheckStreamEvent> {
  const response = await send("POST", `${provider(id)}/models-check`, input, signal)
  if (response.body === null) return
  for await (const message of readSse(response.body, signal)) {
    if (message.event === "error") {
      const { error } = JSON.parse(message.data) as ErrorBody
      throw new ApiError(response.status, error.code, error.message, error.field, error.reason)
    }
    yield { event: message.event, data: JSON.parse(message.data) } as CheckStreamEvent
  }
}

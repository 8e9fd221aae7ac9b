/**
 * The gateway's entry points, one per client protocol, as the app's routes and the Node lane both serve them; and
 * the error style each path under `/v1` answers in (a refused token, an unknown route, as well as the entry's own).
 */
import { InvalidInput } from "@switchboard/core/domain/Errors"
import type { ErrorStyle } from "../ErrorTable"
import { chatCompletions } from "./ChatCompletionsEntry"
import { embeddings } from "./EmbeddingsEntry"
import type { EntryPoint, Route } from "./EntryPoint"
import { countTokens, messages } from "./MessagesEntry"
import { responses } from "./ResponsesEntry"

export const entryPoints: ReadonlyArray<EntryPoint> = [chatCompletions, messages, countTokens, responses, embeddings]

/** Each entry point by its full path (`/v1/chat/completions`). */
export const entryByPath: ReadonlyMap<string, EntryPoint> = new Map(
  entryPoints.map((entry) => [`/v1${entry.path}`, entry])
)

/** The error style of a path under `/v1`: Anthropic's under `/v1/messages`, OpenAI's elsewhere. */
export const gatewayStyle = (path: string): ErrorStyle =>
  path === "/v1/messages" || path.startsWith("/v1/messages/") ? "anthropic" : "openai"

/**
 * Why `route` cannot be answered when `Relay` opened nothing for it (its provider takes neither a relay nor a
 * translation of this request, as an Anthropic provider asked for embeddings); `undefined` when the route answers such
 * a provider itself (a token count's estimate).
 */
export const unanswered = (route: Route): InvalidInput | undefined =>
  route.otherwise !== undefined
    ? undefined
    : (route.unsupported?.() ??
      new InvalidInput({ field: "model", problem: "names a provider that cannot answer this kind of request" }))

/**
 * `POST /v1/messages` and `POST /v1/messages/count_tokens`, Anthropic's Messages API. To an Anthropic provider both
 * are relayed as the client wrote them, with its `anthropic-version` and `anthropic-beta`; to the other providers a
 * message is translated through the neutral model (`MessagesRequest.ts`) and answered in Anthropic's shape
 * (`MessagesResponse.ts`), and a token count is estimated (`TokenEstimate.ts`).
 */
import { Either } from "effect"
import type { EntryPoint, RequestHeaders } from "./EntryPoint"
import { translateMessages } from "./MessagesRequest"
import { messagesErrors, messagesWriter } from "./MessagesResponse"
import { routeChatCompletion } from "./OpenAiRequest"
import { estimateTokens } from "./TokenEstimate"

/** The client's headers an Anthropic provider gets; the adapter sends its default version when the client sent none. */
const passedOn = (headers: RequestHeaders): Readonly<Record<string, string>> | undefined => {
  const version = headers("anthropic-version")
  const beta = headers("anthropic-beta")
  if (version === undefined && beta === undefined) return undefined
  return {
    ...(version === undefined ? {} : { "anthropic-version": version }),
    ...(beta === undefined ? {} : { "anthropic-beta": beta })
  }
}

// A relayed Messages request must be what a relayed Chat Completions one must be (a `model` naming the provider,
// `messages`, `stream`): `routeChatCompletion` checks that much, and the upstream judges the rest.

export const messages: EntryPoint = {
  path: "/messages",
  errors: messagesErrors,
  route: (parsed, headers) =>
    Either.map(routeChatCompletion(parsed), ({ provider, model, stream, body }) => ({
      input: {
        protocol: "messages",
        provider,
        model,
        body,
        headers: passedOn(headers),
        translate: translateMessages(body)
      },
      stream,
      writer: messagesWriter(String(body.model))
    }))
}

export const countTokens: EntryPoint = {
  path: "/messages/count_tokens",
  errors: messagesErrors,
  route: (parsed, headers) =>
    Either.map(routeChatCompletion(parsed), ({ provider, model, body }) => ({
      input: { protocol: "count-tokens", provider, model, body, headers: passedOn(headers) },
      stream: false,
      otherwise: () => ({ input_tokens: estimateTokens(body) })
    }))
}

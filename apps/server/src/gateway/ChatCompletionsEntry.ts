/**
 * `POST /v1/chat/completions`: relayed as written to a provider that speaks Chat Completions (OpenAI-compatible
 * servers, Azure), translated through the neutral model for the others (`OpenAiRequest.translateFor`), and answered in
 * Chat Completions' shape either way.
 */
import { Either } from "effect"
import type { EntryPoint } from "./EntryPoint"
import { clientOptions, routeChatCompletion, translateFor } from "./OpenAiRequest"
import { chatCompletionErrors, chatCompletionWriter } from "./OpenAiResponse"

export const chatCompletions: EntryPoint = {
  path: "/chat/completions",
  errors: chatCompletionErrors,
  route: (parsed) =>
    Either.map(routeChatCompletion(parsed), ({ provider, model, stream, body }) => {
      const client = clientOptions(body)
      return {
        input: { provider, model, body, translate: translateFor(body) },
        stream,
        writer: chatCompletionWriter(client.model, client.includeUsage)
      }
    })
}

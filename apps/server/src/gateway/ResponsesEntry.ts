/**
 * `POST /v1/responses`: relayed as written to a provider that speaks the Responses API (`openai-responses`),
 * translated through the neutral model for the others (`ResponsesRequest.translateFor`), and answered in the
 * Responses API's shape either way. Stateless: nothing is stored, so what needs a stored response is refused
 * (`ResponsesFields.ts`), and the items of an answer carry themselves in their ids (`ResponsesIds.ts`).
 */
import { Either } from "effect"
import type { EntryPoint } from "./EntryPoint"
import { routeResponse, type Translation, translateFor } from "./ResponsesRequest"
import { responsesErrors, responsesWriter } from "./ResponsesWriter"

export const responses: EntryPoint = {
  path: "/responses",
  errors: responsesErrors,
  route: (parsed) =>
    Either.map(routeResponse(parsed), ({ provider, model, stream, body }) => {
      const translation: Translation = { request: undefined, signedBy: undefined }
      return {
        input: { protocol: "responses", provider, model, body, translate: translateFor(body, translation) },
        stream,
        writer: responsesWriter(String(body.model), translation)
      }
    })
}

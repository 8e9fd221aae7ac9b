/**
 * The Gemini wire format as a fake upstream sends it: `streamGenerateContent?alt=sse` frames (CRLF-separated, the
 * last with `finishReason` and `usageMetadata`), the model list and the error body.
 */
import type { Answer } from "./Answer"

const data = (payload: object) => `data: ${JSON.stringify(payload)}\r\n\r\n`

/** The tool calls as `functionCall` parts. */
const callParts = (answer: Answer) =>
  (answer.toolCalls ?? []).map((call) => ({ functionCall: { name: call.name, args: JSON.parse(call.arguments) } }))

/** Every frame of a streamed answer: one candidate per piece, the last one finished and with usage. */
export const frames = (answer: Answer): Array<string> => [
  ...answer.pieces
    .slice(0, -1)
    .map((text) =>
      data({ candidates: [{ content: { role: "model", parts: [{ text }] }, index: 0 }], modelVersion: answer.model })
    ),
  data({
    candidates: [
      {
        content: { role: "model", parts: [{ text: answer.pieces.at(-1) ?? "" }, ...callParts(answer)] },
        finishReason: "STOP",
        index: 0
      }
    ],
    usageMetadata: {
      promptTokenCount: answer.promptTokens,
      candidatesTokenCount: answer.pieces.length,
      totalTokenCount: answer.promptTokens + answer.pieces.length
    },
    modelVersion: answer.model
  })
]

/** `GET /v1beta/models`. */
export const modelList = (models: ReadonlyArray<string>) => ({
  models: models.map((id) => ({
    name: `models/${id}`,
    displayName: id,
    supportedGenerationMethods: ["generateContent"]
  }))
})

/** An error body as Gemini sends it. */
export const error = (message: string, status = "UNAUTHENTICATED", code = 401) => ({
  error: { code, message, status }
})

/** The complete answer of `generateContent`: the whole text in one finished candidate. */
export const complete = (answer: Answer) =>
  JSON.stringify({
    candidates: [
      {
        content: { role: "model", parts: [{ text: answer.pieces.join("") }, ...callParts(answer)] },
        finishReason: "STOP",
        index: 0
      }
    ],
    usageMetadata: {
      promptTokenCount: answer.promptTokens,
      candidatesTokenCount: answer.pieces.length,
      totalTokenCount: answer.promptTokens + answer.pieces.length
    },
    modelVersion: answer.model
  })

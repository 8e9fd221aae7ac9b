/**
 * One chat through Switchboard, reduced to how it ended: the three ways a client can ask (gateway JSON, gateway
 * stream, REST SSE), each read to its end or to a client-side deadline, then classified as complete text or failure
 * with the provider error's `reason` as that route reports it (the OpenAI error body's `reason`, or the SSE `error`
 * event's). The drills compare these with what each fault should produce.
 */
import { benchToken, type Switchboard } from "../../src/Switchboard"
import type { Evidence } from "./Evidence"
import { recordResponse } from "./DrillServer"

export type Route = "gateway json" | "gateway stream" | "rest stream"
export const routes: ReadonlyArray<Route> = ["gateway json", "gateway stream", "rest stream"]

export interface Outcome {
  readonly route: Route
  readonly status: number
  /** The answer's text when it completed, else undefined. */
  readonly text: string | undefined
  readonly reason: string | undefined
  readonly durationMs: number
  /** The client gave up at its deadline: the server never ended the answer. */
  readonly timedOut: boolean
  readonly body: string
}

const requestFor = (route: Route, providerId: string) =>
  route === "rest stream"
    ? {
        path: "/api/chat",
        body: { provider: providerId, model: "fast-model", messages: [{ role: "user", content: "hi" }] }
      }
    : {
        path: "/v1/chat/completions",
        body: {
          model: `${providerId}/fast-model`,
          stream: route === "gateway stream",
          messages: [{ role: "user", content: "hi" }]
        }
      }

/** The SSE frames' JSON payloads (OpenAI's `data:` lines, or Switchboard's `event:` + `data:` pairs). */
const frames = (body: string) =>
  body
    .split(/\r?\n\r?\n/)
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1]
      const data = /^data: (.*)$/m.exec(frame)?.[1]
      return { event, data }
    })
    .filter((frame) => frame.data !== undefined)

const parse = (data: string | undefined): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(data ?? "") as Record<string, unknown>
  } catch {
    return undefined
  }
}

const reasonOf = (payload: unknown) =>
  ((payload as { error?: { reason?: unknown } } | undefined)?.error?.reason as string | undefined) ?? undefined

const classify = (route: Route, status: number, body: string): Pick<Outcome, "text" | "reason"> => {
  if (status !== 200) return { text: undefined, reason: reasonOf(parse(body)) }
  if (route === "gateway json") {
    const json = parse(body) as { choices?: Array<{ message?: { content?: string } }> } | undefined
    return { text: json?.choices?.[0]?.message?.content, reason: undefined }
  }
  let text = ""
  for (const frame of frames(body)) {
    if (frame.data === "[DONE]") return { text, reason: undefined }
    const payload = parse(frame.data)
    if (frame.event === "error" || (payload !== undefined && "error" in payload))
      return { text: undefined, reason: reasonOf(payload) }
    if (frame.event === "done") return { text, reason: undefined }
    if (frame.event === "delta") text += (payload as { text?: string }).text ?? ""
    const choices = (payload as { choices?: Array<{ delta?: { content?: string } }> } | undefined)?.choices
    text += choices?.[0]?.delta?.content ?? ""
  }
  // The stream ended without `[DONE]`/`done`: incomplete, with no reason given.
  return { text: undefined, reason: undefined }
}

export const chatOutcome = async (
  server: Switchboard,
  providerId: string,
  route: Route,
  deadlineMs: number,
  evidence: Evidence
): Promise<Outcome> => {
  const { path, body } = requestFor(route, providerId)
  const started = performance.now()
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), deadlineMs)
  let status = 0
  let text = ""
  let timedOut = false
  try {
    const response = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${benchToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: abort.signal
    })
    status = response.status
    text = await response.text()
  } catch (error) {
    if (!abort.signal.aborted) throw error
    timedOut = true
  } finally {
    clearTimeout(timer)
  }
  const durationMs = performance.now() - started
  recordResponse(evidence, `${route} ${providerId}`, status, text)
  return {
    route,
    status,
    durationMs,
    timedOut,
    body: text,
    ...(timedOut ? { text: undefined, reason: undefined } : classify(route, status, text))
  }
}

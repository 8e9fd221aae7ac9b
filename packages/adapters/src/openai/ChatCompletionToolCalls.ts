/**
 * One answer's tool calls, from Chat Completions fragments to neutral `ToolCallStart`/`Delta`/`End` events. OpenAI
 * streams a call as a first fragment (`index`, `id`, name, `arguments: ""`) and then argument pieces under the same
 * `index`; servers differ, and each difference is tolerated:
 * - the whole call in one fragment (Groq, vLLM, Ollama): a start and one delta;
 * - the `id` or name repeated on later fragments: ignored once the call has started;
 * - no `index` (a complete answer's `message.tool_calls`, some proxies): the fragment's place in its list;
 * - another `id` under an open call's `index` (a server that numbers every call 0): the open call ends, a new one
 *   starts;
 * - no `id`: `call_<n>`, so the call can still be answered;
 * - arguments before the name: kept until the name arrives; a call never named is dropped, as it cannot be called.
 * The neutral `index` counts calls from 0 in the order they start, whatever numbers the server used.
 */
import { type ChatEvent, ToolCallDelta, ToolCallEnd, ToolCallStart } from "@switchboard/core/domain/ChatEvent"
import type { WireToolCall } from "./OpenAiWire"

/** Events are built from checked wire data: see `ChatCompletionStream`. */
import { unchecked } from "../internal/Unchecked"

interface OpenCall {
  /** The neutral index, once started (when its name is known). */
  index: number | undefined
  id: string | undefined
  /** Arguments that came before the name. */
  early: string
}

export class ToolCallReader {
  /** Open calls by the server's `index`. */
  private readonly open = new Map<number, OpenCall>()
  private started = 0

  /** The events of one delta's (or one message's) `tool_calls`. */
  read(fragments: ReadonlyArray<WireToolCall>, out: Array<ChatEvent>): void {
    for (let position = 0; position < fragments.length; position++) {
      const fragment = fragments[position]!
      const key = fragment.index ?? position
      const id = fragment.id || undefined
      let call = this.open.get(key)
      if (call !== undefined && id !== undefined && call.id !== undefined && id !== call.id) {
        this.close(key, call, out)
        call = undefined
      }
      if (call === undefined) {
        call = { index: undefined, id, early: "" }
        this.open.set(key, call)
      }
      call.id ??= id
      const name = fragment.function?.name
      const args = fragment.function?.arguments ?? ""
      if (call.index === undefined) {
        if (!name) {
          call.early += args
          continue
        }
        call.index = this.started++
        out.push(new ToolCallStart({ index: call.index, id: call.id ?? `call_${call.index}`, name }, unchecked))
        if (call.early !== "") out.push(new ToolCallDelta({ index: call.index, arguments: call.early }, unchecked))
      }
      if (args !== "") out.push(new ToolCallDelta({ index: call.index, arguments: args }, unchecked))
    }
  }

  /** Ends every open call, in the order they started: the choice finished, or the answer ended. */
  endAll(out: Array<ChatEvent>): void {
    if (this.open.size === 0) return
    const calls = [...this.open].sort(([, a], [, b]) => (a.index ?? -1) - (b.index ?? -1))
    for (const [key, call] of calls) this.close(key, call, out)
  }

  private close(key: number, call: OpenCall, out: Array<ChatEvent>): void {
    this.open.delete(key)
    if (call.index !== undefined) out.push(new ToolCallEnd({ index: call.index }, unchecked))
  }
}

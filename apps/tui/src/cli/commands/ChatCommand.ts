/**
 * `switchboard chat <provider>/<model> "prompt"`: streams the answer to stdout as it arrives, then the usage,
 * timing and (where the model's prices are known) cost to stderr. Without a prompt argument it reads one piped to
 * stdin. `--system`, `--temperature` and
 * `--max-tokens` become the settings of a new conversation. The model id may itself hold slashes (`vllm/meta-llama/Llama-3.1-8B-Instruct`): the provider id
 * is what comes before the first one. Ctrl+C stops the answer and the upstream request, exiting 130.
 */
import type { ChatInput } from "@switchboard/core/Chat"
import type { ChatOutput } from "@switchboard/core/domain/ChatOutput"
import { formatCost } from "@switchboard/core/domain/CostText"
import { Effect, Stream } from "effect"
import { footerText } from "../../components/chat/transcriptLines"
import { chat } from "../../runtime/Core"
import { numberOption, parse, positional, UsageError } from "../Args"
import type { Command } from "../Command"
import { ExitCode, reportProblem } from "../Io"

export const chatCommand: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, {
    conversation: { type: "string" },
    system: { type: "string" },
    temperature: { type: "string" },
    "max-tokens": { type: "string" }
  })
  const target = positional(positionals, 0, "<provider>/<model>")
  const slash = target.indexOf("/")
  if (slash <= 0 || slash === target.length - 1)
    throw new UsageError(`name the model as <provider>/<model>, like vllm/gpt2`)
  // The prompt from the arguments, else from a pipe (`echo hi | switchboard chat vllm/gpt2`).
  const typed = positionals.slice(1).join(" ")
  // `echo` ends its line with a newline that is not part of the question.
  const prompt = typed.trim() === "" ? ((await io.input?.()) ?? "").replace(/\r?\n$/, "") : typed
  if (prompt.trim() === "")
    throw new UsageError('missing the prompt: switchboard chat vllm/gpt2 "Hello", or pipe it to standard input')
  const input: ChatInput = {
    provider: target.slice(0, slash),
    model: target.slice(slash + 1),
    messages: [{ role: "user", content: prompt }],
    ...(values.conversation === undefined ? {} : { conversationId: values.conversation }),
    // Kept with a new conversation for its later turns; on a continued one, for this turn only.
    ...(values.system === undefined ? {} : { systemPrompt: values.system }),
    ...(values.temperature === undefined ? {} : { temperature: numberOption(values.temperature) }),
    ...(values["max-tokens"] === undefined ? {} : { maxTokens: numberOption(values["max-tokens"]) })
  }

  let endedWithText = true
  const onEvent = (event: ChatOutput) => {
    switch (event._tag) {
      case "TextDelta":
        io.out(event.text)
        endedWithText = event.text.endsWith("\n")
        return
      case "Started":
        if (event.conversationId !== undefined) io.err(`conversation ${event.conversationId}\n`)
        return
      case "Completed":
        if (!endedWithText) io.out("\n")
        io.err(
          `${footerText({
            inputTokens: event.usage?.inputTokens,
            outputTokens: event.usage?.outputTokens,
            timing: event.timing,
            finishReason: event.raw ?? event.finishReason
          })}${event.cost === undefined ? "" : ` · ${formatCost(event.cost)}`}\n`
        )
        return
      default:
        return
    }
  }

  return new Promise<number>((resolve) => {
    const running = bridge.fork(
      chat((c) => Stream.runForEach(c.stream(input), (event) => Effect.sync(() => onEvent(event)))),
      (outcome) => {
        process.off("SIGINT", stop)
        if (outcome.ok) return resolve(ExitCode.ok)
        if (!endedWithText) io.out("\n")
        resolve(reportProblem(io, outcome.problem))
      }
    )
    const stop = () => running.cancel()
    process.once("SIGINT", stop)
  })
}

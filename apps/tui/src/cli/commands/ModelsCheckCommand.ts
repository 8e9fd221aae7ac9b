/**
 * `switchboard models check <provider>`: probes every model with every key (or `--key`, `--model`), printing each
 * result on stderr as it finishes and the whole check on stdout at the end (a table, or `--json`); Ctrl+C cancels it
 * and aborts the requests still running, exiting 130. `models remove-failed <provider> [--keys]` removes the models
 * (or keys) the last check blames.
 */
import type { CheckInput, ModelCheck } from "@switchboard/core/domain/ModelCheck"
import { lastChecksView } from "@switchboard/core/domain/ModelViews"
import { Effect, Stream } from "effect"
import { models, providers } from "../../runtime/Core"
import { numberOption, parse, positional } from "../Args"
import type { Command } from "../Command"
import { confirmed, ExitCode, json, reportProblem, table } from "../Io"
import { findKey } from "./ProvidersEdit"

/** One result as a line: what was probed, and ok or why not. */
export const checkLine = (check: ModelCheck): string => {
  const { result } = check
  const outcome = result.ok
    ? "ok"
    : `${result.reason ?? "failed"}${result.status === undefined ? "" : ` ${result.status}`}`
  return `${check.modelId}  ${result.key ?? "(no key)"}  ${outcome}  ${result.latencyMs} ms`
}

export const check: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, {
    key: { type: "string" },
    model: { type: "string", multiple: true },
    concurrency: { type: "string" },
    "timeout-ms": { type: "string" },
    json: { type: "boolean" }
  })
  const id = positional(positionals, 0, "provider id")
  const stored = await bridge.run(providers((p) => p.get(id)))
  if (!stored.ok) return reportProblem(io, stored.problem)
  const input: CheckInput = {
    ...(values.key === undefined ? {} : { keyId: findKey(stored.value.apiKeys, values.key).id }),
    ...(values.model === undefined ? {} : { models: values.model }),
    ...(values.concurrency === undefined ? {} : { concurrency: numberOption(values.concurrency) }),
    ...(values["timeout-ms"] === undefined ? {} : { timeoutMs: numberOption(values["timeout-ms"]) })
  }
  const results: Array<ModelCheck> = []
  return new Promise<number>((resolve) => {
    const running = bridge.fork(
      models((m) =>
        Stream.runForEach(m.check(id, input), (event) =>
          Effect.sync(() => {
            switch (event._tag) {
              case "CheckStarted":
                return io.err(
                  `checking ${event.models.length} models × ${event.keys.length} keys, ${event.concurrency} at a time\n`
                )
              case "CheckProgress":
                results.push(event.check)
                return io.err(`[${event.done}/${event.total}] ${checkLine(event.check)}\n`)
              case "CheckFinished":
                return io.err(`${event.passed} passed, ${event.failed} failed in ${event.elapsedMs} ms\n`)
            }
          })
        )
      ),
      (outcome) => {
        process.off("SIGINT", stop)
        if (!outcome.ok) return resolve(reportProblem(io, outcome.problem))
        io.out(
          values.json === true
            ? json(lastChecksView(results))
            : table(
                ["MODEL", "KEY", "RESULT", "STATUS", "MS", "URL"],
                results.map(({ modelId, result }) => [
                  modelId,
                  result.key ?? "",
                  result.ok ? "ok" : (result.reason ?? "failed"),
                  result.status === undefined ? "" : String(result.status),
                  String(result.latencyMs),
                  result.url
                ])
              )
        )
        resolve(results.every((c) => c.result.ok) ? ExitCode.ok : ExitCode.failed)
      }
    )
    const stop = () => running.cancel()
    process.once("SIGINT", stop)
  })
}

export const removeFailed: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, {
    keys: { type: "boolean" },
    json: { type: "boolean" },
    yes: { type: "boolean" }
  })
  const id = positional(positionals, 0, "provider id")
  const question = `Delete the ${values.keys === true ? "keys" : "models"} of ${id} that failed their last check?`
  if (!(await confirmed(io, values.yes === true, question))) return ExitCode.failed
  const outcome = await bridge.run(
    models((m) => (values.keys === true ? m.removeFailedKeys(id) : m.removeFailedModels(id)))
  )
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  const { removed } = outcome.value
  const what = values.keys === true ? "key" : "model"
  if (values.json === true) io.out(json(removed))
  io.err(
    removed.length === 0
      ? `no ${what} failed in the last check of ${id}\n`
      : `removed ${removed.length} ${what}${removed.length === 1 ? "" : "s"} from ${id}: ${removed.join(", ")}\n`
  )
  return ExitCode.ok
}

/** The last check of each model, as `models list` shows it: passed keys of those checked. */
export const lastCheckText = (checks: ReadonlyArray<ModelCheck>): string => {
  if (checks.length === 0) return ""
  const passed = checks.filter((c) => c.result.ok).length
  return passed === checks.length
    ? `ok ${passed}/${checks.length}`
    : `failed ${checks.length - passed}/${checks.length}`
}

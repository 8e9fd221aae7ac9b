/**
 * `switchboard conversations list [--json]`: saved conversations, newest first; their ids continue them with
 * `switchboard chat <provider>/<model> --conversation <id> "…"`.
 */
import { DateTime } from "effect"
import { chat } from "../../runtime/Core"
import { parse, UsageError } from "../Args"
import type { Command } from "../Command"
import { ExitCode, json, reportProblem, table } from "../Io"

export const conversationsCommand: Command = async (args, { bridge, io }) => {
  const [name, ...rest] = args
  if (name !== "list") throw new UsageError("conversations needs: list")
  const { values } = parse(rest, { json: { type: "boolean" } })
  const outcome = await bridge.run(chat((c) => c.listConversations))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  const rows = outcome.value.map((c) => ({
    id: c.id,
    title: c.title,
    provider: c.providerId,
    model: c.modelId,
    updatedAt: DateTime.formatIso(c.updatedAt)
  }))
  io.out(
    values.json === true
      ? json(rows)
      : rows.length === 0
        ? "No conversations yet.\n"
        : table(
            ["ID", "UPDATED", "MODEL", "TITLE"],
            rows.map((r) => [r.id, r.updatedAt, `${r.provider}/${r.model}`, r.title])
          )
  )
  return ExitCode.ok
}

/**
 * `switchboard conversations list|show|export|rename|delete`: saved conversations, newest first; their ids continue
 * them with `switchboard chat <provider>/<model> --conversation <id> "…"`. `show` prints one as Markdown (`--json`:
 * as the API reads it), `export` writes either to a file; both come from the core's one export. `delete` asks first
 * at a terminal (`--yes` skips it), as every delete does.
 */
import { writeFile } from "node:fs/promises"
import type { ExportFormat } from "@switchboard/core/domain/ConversationInput"
import { DateTime } from "effect"
import { conversations } from "../../runtime/Core"
import { untrusted } from "../../runtime/untrusted"
import { parse, positional, UsageError } from "../Args"
import type { Command, CommandContext } from "../Command"
import { confirmed, ExitCode, json, reportProblem, table } from "../Io"

const list: Command = async (args, { bridge, io }) => {
  const { values } = parse(args, { json: { type: "boolean" }, search: { type: "string" } })
  const query = values.search
  const outcome = await bridge.run(conversations((c) => c.list(query === undefined ? {} : { query })))
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
        ? query === undefined
          ? "No conversations yet.\n"
          : `No conversation mentions "${query}".\n`
        : table(
            ["ID", "UPDATED", "MODEL", "TITLE"],
            rows.map((r) => [r.id, r.updatedAt, `${r.provider}/${r.model}`, r.title])
          )
  )
  return ExitCode.ok
}

/** The conversation `id` in `format`, through the core's export. */
const exported = (context: CommandContext, id: string, format: ExportFormat) =>
  context.bridge.run(conversations((c) => c.exportAs(id, format)))

const show: Command = async (args, context) => {
  const { values, positionals } = parse(args, { json: { type: "boolean" } })
  const id = positional(positionals, 0, "conversation id")
  const outcome = await exported(context, id, values.json === true ? "json" : "markdown")
  if (!outcome.ok) return reportProblem(context.io, outcome.problem)
  context.io.out(outcome.value)
  return ExitCode.ok
}

const exportCommand: Command = async (args, context) => {
  const { values, positionals } = parse(args, { format: { type: "string" }, out: { type: "string" } })
  const id = positional(positionals, 0, "conversation id")
  // The core names the formats when this is not one of them.
  const outcome = await exported(context, id, untrusted<ExportFormat>(values.format ?? "markdown"))
  if (!outcome.ok) return reportProblem(context.io, outcome.problem)
  if (values.out === undefined) {
    context.io.out(outcome.value)
    return ExitCode.ok
  }
  try {
    await writeFile(values.out, outcome.value)
  } catch (error) {
    context.io.err(`error: could not write ${values.out}: ${error instanceof Error ? error.message : String(error)}\n`)
    return ExitCode.failed
  }
  context.io.err(`wrote ${values.out}\n`)
  return ExitCode.ok
}

const rename: Command = async (args, { bridge, io }) => {
  const { positionals } = parse(args, {})
  const id = positional(positionals, 0, "conversation id")
  const title = positionals.slice(1).join(" ")
  if (title.trim() === "") throw new UsageError('missing the title: switchboard conversations rename <id> "New title"')
  const outcome = await bridge.run(conversations((c) => c.update(id, { title })))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  io.err(`renamed ${id} to "${outcome.value.title}"\n`)
  return ExitCode.ok
}

const remove: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, { yes: { type: "boolean" } })
  const id = positional(positionals, 0, "conversation id")
  if (!(await confirmed(io, values.yes === true, `Delete conversation ${id}?`))) return ExitCode.failed
  const outcome = await bridge.run(conversations((c) => c.remove(id)))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  io.err(`deleted ${id}\n`)
  return ExitCode.ok
}

const subcommands: Readonly<Record<string, Command>> = {
  list,
  show,
  export: exportCommand,
  rename,
  delete: remove
}

export const conversationsCommand = (args: ReadonlyArray<string>, context: CommandContext): Promise<number> => {
  const [name, ...rest] = args
  const command = name === undefined ? undefined : subcommands[name]
  if (command === undefined) throw new UsageError(`conversations needs one of: ${Object.keys(subcommands).join(", ")}`)
  return command(rest, context)
}

/**
 * `switchboard providers list|add|edit|remove|enable|disable`: the providers list for scripts, over the same core
 * and store as the TUI. Input goes to the core as typed; its problems come back on stderr with a non-zero exit.
 * Removing asks first at a terminal (`--yes` skips it); a script, which nobody can answer, is never asked.
 */
import type { NewProvider } from "@switchboard/core/domain/ProviderInput"
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import { providerView } from "@switchboard/core/domain/ProviderView"
import { providers } from "../../runtime/Core"
import { untrusted } from "../../runtime/untrusted"
import { headerPairs, parse, positional, UsageError } from "../Args"
import type { Command, CommandContext } from "../Command"
import { confirmed, ExitCode, json, reportProblem } from "../Io"
import { providersTable } from "../Render"
import { edit } from "./ProvidersEdit"

const list: Command = async (args, { bridge, io }) => {
  const { values } = parse(args, { json: { type: "boolean" } })
  const outcome = await bridge.run(providers((p) => p.list))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  io.out(values.json === true ? json(outcome.value.map(providerView)) : providersTable(outcome.value))
  return ExitCode.ok
}

const add: Command = async (args, { bridge, io }) => {
  const { values } = parse(args, {
    name: { type: "string" },
    id: { type: "string" },
    type: { type: "string" },
    preset: { type: "string" },
    "base-url": { type: "string" },
    key: { type: "string", multiple: true },
    "api-version": { type: "string" },
    header: { type: "string", multiple: true },
    model: { type: "string", multiple: true },
    disabled: { type: "boolean" },
    json: { type: "boolean" }
  })
  if (values.name === undefined) throw new UsageError("missing --name")
  const input: NewProvider = {
    name: values.name,
    ...(values.id === undefined ? {} : { id: values.id }),
    // The core names the types when this is not one of them.
    ...(values.type === undefined ? {} : { type: untrusted<ProviderType>(values.type) }),
    ...(values.preset === undefined ? {} : { preset: values.preset }),
    ...(values["base-url"] === undefined ? {} : { baseUrl: values["base-url"] }),
    ...(values.key === undefined ? {} : { apiKeys: values.key }),
    ...(values["api-version"] === undefined ? {} : { apiVersion: values["api-version"] }),
    ...(values.header === undefined ? {} : { headers: headerPairs(values.header) }),
    ...(values.model === undefined ? {} : { models: values.model }),
    ...(values.disabled === true ? { enabled: false } : {})
  }
  const outcome = await bridge.run(providers((p) => p.add(input)))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  io.out(values.json === true ? json(providerView(outcome.value)) : `${outcome.value.id}\n`)
  io.err(`added ${outcome.value.name} (${outcome.value.id})\n`)
  return ExitCode.ok
}

const remove: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, { yes: { type: "boolean" } })
  const id = positional(positionals, 0, "provider id")
  if (!(await confirmed(io, values.yes === true, `Delete provider ${id}, its keys and models?`))) return ExitCode.failed
  const outcome = await bridge.run(providers((p) => p.remove(id)))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  io.err(`removed ${id}\n`)
  return ExitCode.ok
}

const setEnabled =
  (enabled: boolean): Command =>
  async (args, { bridge, io }) => {
    const { positionals } = parse(args, {})
    const id = positional(positionals, 0, "provider id")
    const outcome = await bridge.run(providers((p) => p.setEnabled(id, enabled)))
    if (!outcome.ok) return reportProblem(io, outcome.problem)
    io.err(`${id} switched ${enabled ? "on" : "off"}\n`)
    return ExitCode.ok
  }

export const subcommands: Readonly<Record<string, Command>> = {
  list,
  add,
  edit,
  remove,
  enable: setEnabled(true),
  disable: setEnabled(false)
}

export const providersCommand = (args: ReadonlyArray<string>, context: CommandContext): Promise<number> => {
  const [name, ...rest] = args
  const command = name === undefined ? undefined : subcommands[name]
  if (command === undefined) throw new UsageError(`providers needs one of: ${Object.keys(subcommands).join(", ")}`)
  return command(rest, context)
}

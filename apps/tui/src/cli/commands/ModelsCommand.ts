/**
 * `switchboard models list|add|edit|remove|remote <provider> …`: a provider's models for scripts. `add` takes several
 * ids at once, spelled exactly as the provider spells them; `edit` changes a model's name, group and capabilities;
 * `remove` does not ask, as `providers remove` does not.
 */
import type { ModelPatch } from "@switchboard/core/domain/ProviderInput"
import { providerView } from "@switchboard/core/domain/ProviderView"
import { remoteModelView } from "@switchboard/core/domain/ReportViews"
import { providers } from "../../runtime/Core"
import { parse, positional, UsageError } from "../Args"
import type { Command, CommandContext } from "../Command"
import { ExitCode, json, reportProblem, table } from "../Io"

const list: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, { json: { type: "boolean" } })
  const id = positional(positionals, 0, "provider id")
  const outcome = await bridge.run(providers((p) => p.get(id)))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  const models = providerView(outcome.value).models
  io.out(
    values.json === true
      ? json(models)
      : models.length === 0
        ? `${id} has no models. Add some: switchboard models add ${id} <model-id>…\n`
        : table(
            ["ID", "NAME", "GROUP", "CAPABILITIES"],
            models.map((m) => [
              m.id,
              m.name,
              m.group,
              Object.entries(m.capabilities)
                .filter(([, on]) => on)
                .map(([c]) => c)
                .join(",")
            ])
          )
  )
  return ExitCode.ok
}

const add: Command = async (args, { bridge, io }) => {
  const { positionals } = parse(args, {})
  const id = positional(positionals, 0, "provider id")
  const ids = positionals.slice(1)
  if (ids.length === 0) throw new UsageError("missing model ids: switchboard models add <provider> <model-id>…")
  const outcome = await bridge.run(providers((p) => p.addModels(id, ids)))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  io.err(`added ${ids.length} model${ids.length === 1 ? "" : "s"} to ${id}\n`)
  return ExitCode.ok
}

const remove: Command = async (args, { bridge, io }) => {
  const { positionals } = parse(args, {})
  const id = positional(positionals, 0, "provider id")
  const model = positional(positionals, 1, "model id")
  const outcome = await bridge.run(providers((p) => p.removeModel(id, model)))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  io.err(`removed ${model} from ${id}\n`)
  return ExitCode.ok
}

/** `--capability vision=on|off|auto`: `auto` goes back to what the model's id implies. */
const capabilityValue = { on: true, off: false, auto: null } as const

const capabilities = (entries: ReadonlyArray<string>): ModelPatch["capabilities"] =>
  Object.fromEntries(
    entries.map((entry) => {
      const [name, value] = entry.split("=")
      if (name === undefined || name === "" || value === undefined || !(value in capabilityValue))
        throw new UsageError(`--capability must be "<capability>=on|off|auto", like vision=on; got "${entry}"`)
      return [name, capabilityValue[value as keyof typeof capabilityValue]]
    })
  )

const edit: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, {
    name: { type: "string" },
    group: { type: "string" },
    capability: { type: "string", multiple: true }
  })
  const id = positional(positionals, 0, "provider id")
  const model = positional(positionals, 1, "model id")
  const patch: ModelPatch = {
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.group === undefined ? {} : { group: values.group }),
    ...(values.capability === undefined ? {} : { capabilities: capabilities(values.capability) })
  }
  if (Object.keys(patch).length === 0) throw new UsageError("nothing to change: give --name, --group or --capability")
  const outcome = await bridge.run(providers((p) => p.updateModel(id, model, patch)))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  io.err(`changed ${model} of ${id}\n`)
  return ExitCode.ok
}

const remote: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, { json: { type: "boolean" } })
  const id = positional(positionals, 0, "provider id")
  const outcome = await bridge.run(providers((p) => p.remoteModels(id)))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  io.out(
    values.json === true ? json(outcome.value.map(remoteModelView)) : outcome.value.map((m) => `${m.id}\n`).join("")
  )
  return ExitCode.ok
}

const subcommands: Readonly<Record<string, Command>> = { list, add, edit, remove, remote }

export const modelsCommand = (args: ReadonlyArray<string>, context: CommandContext): Promise<number> => {
  const [name, ...rest] = args
  const command = name === undefined ? undefined : subcommands[name]
  if (command === undefined) throw new UsageError(`models needs one of: ${Object.keys(subcommands).join(", ")}`)
  return command(rest, context)
}

/**
 * `switchboard models list|add|edit|remove|remote|sync|check|remove-failed <provider> …`: a provider's models for
 * scripts. `list` shows each fact with where it came from and the last check; `add` takes several ids at once, spelled
 * exactly as the provider spells them; `edit` changes a model's name, group, capabilities, limits and prices;
 * `remove` asks first at a terminal (`--yes` skips it), as every delete does. `sync` and `check` live in their own
 * files.
 */
import type { FactSource } from "@switchboard/core/domain/ModelFacts"
import type { Pricing } from "@switchboard/core/domain/ModelPricing"
import type { ModelPatch } from "@switchboard/core/domain/ProviderInput"
import { type ModelView, providerView } from "@switchboard/core/domain/ProviderView"
import { remoteModelView } from "@switchboard/core/domain/ReportViews"
import { Array as Arr, Effect } from "effect"
import { models, providers } from "../../runtime/Core"
import { numberOption, parse, positional, UsageError } from "../Args"
import type { Command, CommandContext } from "../Command"
import { confirmed, ExitCode, json, reportProblem, table } from "../Io"
import { check, lastCheckText, removeFailed } from "./ModelsCheckCommand"
import { sync } from "./ModelsSyncCommand"

/** Facts from the user are "yours", as every frontend says it. */
const sourceWord = (source: FactSource) => (source === "user" ? "yours" : source)

/** The capabilities a model has, with where they came from: `tools, vision (catalog)`, or each its own. */
const capabilitiesText = (facts: ModelView["facts"]) => {
  const on = Object.entries(facts.capabilities).filter(([, fact]) => fact.value)
  const sources = new Set(on.map(([, fact]) => fact.source))
  if (on.length === 0) return ""
  if (sources.size === 1) return `${on.map(([name]) => name).join(", ")} (${sourceWord([...sources][0]!)})`
  return on.map(([name, fact]) => `${name} (${sourceWord(fact.source)})`).join(", ")
}

const sourcedText = <A>(fact: { readonly value: A; readonly source: FactSource } | undefined) =>
  fact === undefined ? "" : `${String(fact.value)} (${sourceWord(fact.source)})`

const statusText = (model: ModelView) =>
  [model.goneAt === undefined ? "" : "gone upstream", model.facts.deprecated?.value === true ? "deprecated" : ""]
    .filter((word) => word !== "")
    .join(", ")

const list: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, { json: { type: "boolean" } })
  const id = positional(positionals, 0, "provider id")
  const outcome = await bridge.run(
    Effect.all({ provider: providers((p) => p.get(id)), checks: models((m) => m.lastChecks(id)) })
  )
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  const views = providerView(outcome.value.provider).models
  const checks = Arr.groupBy(outcome.value.checks, (check) => check.modelId)
  io.out(
    values.json === true
      ? // The REST API's models as they are: the last checks are `models check --json`'s and `GET …/models-check`'s.
        json(views)
      : views.length === 0
        ? `${id} has no models. Add some: switchboard models add ${id} <model-id>…\n`
        : table(
            ["ID", "NAME", "GROUP", "CAPABILITIES", "CONTEXT", "PRICE IN/OUT", "CHECK", "STATUS"],
            views.map((m) => [
              m.id,
              m.name,
              m.group,
              capabilitiesText(m.facts),
              sourcedText(m.facts.contextWindow),
              m.facts.pricing === undefined
                ? ""
                : `${m.facts.pricing.value.input ?? "?"}/${m.facts.pricing.value.output ?? "?"} ${m.facts.pricing.value.currency} (${sourceWord(m.facts.pricing.source)})`,
              lastCheckText(checks[m.id] ?? []),
              statusText(m)
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
  const { values, positionals } = parse(args, { yes: { type: "boolean" } })
  const id = positional(positionals, 0, "provider id")
  const model = positional(positionals, 1, "model id")
  if (!(await confirmed(io, values.yes === true, `Delete model ${model} from ${id}?`))) return ExitCode.failed
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

/** A token count, or `auto` for the provider's or the catalog's value. */
const tokensOption = (value: string | undefined) =>
  value === undefined ? {} : { value: value === "auto" ? null : numberOption(value) }

const priceOptions = {
  "price-input": "input",
  "price-output": "output",
  "price-cached": "cachedInput",
  "price-cache-write": "cacheWrite"
} as const

/**
 * The user's prices after `--price-*` and `--currency`, over the ones they set before: `--prices auto` goes back to
 * the catalog's, and a currency defaults to the one set before, else USD.
 */
const pricingPatch = (
  values: Partial<Record<keyof typeof priceOptions | "currency" | "prices", string>>,
  current: Pricing | undefined
): ModelPatch["pricing"] | undefined => {
  if (values.prices === "auto") return null
  if (values.prices !== undefined) throw new UsageError(`--prices takes only "auto"; set prices with --price-input …`)
  const given = Object.entries(priceOptions).filter(
    ([option]) => values[option as keyof typeof priceOptions] !== undefined
  )
  if (given.length === 0 && values.currency === undefined) return undefined
  return {
    ...current,
    currency: values.currency ?? current?.currency ?? "USD",
    ...Object.fromEntries(
      given.map(([option, field]) => [field, numberOption(values[option as keyof typeof priceOptions]!)])
    )
  }
}

const edit: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, {
    name: { type: "string" },
    group: { type: "string" },
    capability: { type: "string", multiple: true },
    "context-window": { type: "string" },
    "max-output": { type: "string" },
    "price-input": { type: "string" },
    "price-output": { type: "string" },
    "price-cached": { type: "string" },
    "price-cache-write": { type: "string" },
    currency: { type: "string" },
    prices: { type: "string" }
  })
  const id = positional(positionals, 0, "provider id")
  const model = positional(positionals, 1, "model id")
  const stored = await bridge.run(providers((p) => p.get(id)))
  if (!stored.ok) return reportProblem(io, stored.problem)
  const pricing = pricingPatch(values, stored.value.models.find((m) => m.id === model)?.pricing)
  const contextWindow = tokensOption(values["context-window"])
  const maxOutputTokens = tokensOption(values["max-output"])
  const patch: ModelPatch = {
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.group === undefined ? {} : { group: values.group }),
    ...(values.capability === undefined ? {} : { capabilities: capabilities(values.capability) }),
    ...("value" in contextWindow ? { contextWindow: contextWindow.value } : {}),
    ...("value" in maxOutputTokens ? { maxOutputTokens: maxOutputTokens.value } : {}),
    ...(pricing === undefined ? {} : { pricing })
  }
  if (Object.keys(patch).length === 0)
    throw new UsageError(
      "nothing to change: give --name, --group, --capability, --context-window, --max-output or --price-…"
    )
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

const subcommands: Readonly<Record<string, Command>> = {
  list,
  add,
  edit,
  remove,
  remote,
  sync,
  check,
  "remove-failed": removeFailed
}

export const modelsCommand = (args: ReadonlyArray<string>, context: CommandContext): Promise<number> => {
  const [name, ...rest] = args
  const command = name === undefined ? undefined : subcommands[name]
  if (command === undefined) throw new UsageError(`models needs one of: ${Object.keys(subcommands).join(", ")}`)
  return command(rest, context)
}

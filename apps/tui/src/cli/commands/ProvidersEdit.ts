/**
 * `switchboard providers edit <provider> …`: changes a stored provider — name, base URL, keys, headers, timeouts,
 * API version — as the TUI's detail screen does. Only what the options name changes. A key is named by its place in
 * `providers list` (1, 2, …), its id or its masked form, never by its value; the core checks everything else and its
 * errors name the field.
 */
import type { ApiKey } from "@switchboard/core/domain/ApiKey"
import type { Provider } from "@switchboard/core/domain/Provider"
import type { ProviderPatch } from "@switchboard/core/domain/ProviderInput"
import { providerView } from "@switchboard/core/domain/ProviderView"
import { providers } from "../../runtime/Core"
import { headerPairs, numberOption, parse, positional, UsageError } from "../Args"
import type { Command } from "../Command"
import { ExitCode, json, reportProblem } from "../Io"

/** The stored key `which` names: its place (from 1), its id or its masked form. */
export const findKey = (keys: ReadonlyArray<ApiKey>, which: string): ApiKey => {
  const byPlace = /^\d+$/.test(which) ? keys[Number(which) - 1] : undefined
  const found = byPlace ?? keys.find((key) => key.id === which || key.masked === which)
  if (found === undefined)
    throw new UsageError(`no key "${which}": name a key by its place (1…${keys.length}), id or masked form`)
  return found
}

/** `apiKeys` for the patch: the stored keys kept by id, less the removed ones, with replaced and added ones. */
const keysPatch = (
  keys: ReadonlyArray<ApiKey>,
  remove: ReadonlyArray<string>,
  replace: ReadonlyArray<string>,
  add: ReadonlyArray<string>
): ProviderPatch["apiKeys"] => {
  const replaced = new Map(
    replace.map((entry) => {
      const equals = entry.indexOf("=")
      if (equals <= 0) throw new UsageError('--replace-key must be "<which>=<new key>", like 1=sk-new…')
      return [findKey(keys, entry.slice(0, equals)).id as string, entry.slice(equals + 1)]
    })
  )
  const removed = new Set(remove.map((which) => findKey(keys, which).id as string))
  return [...keys.flatMap((key) => (removed.has(key.id) ? [] : [replaced.get(key.id) ?? { id: key.id }])), ...add]
}

const options = {
  name: { type: "string" },
  "base-url": { type: "string" },
  "add-key": { type: "string", multiple: true },
  "remove-key": { type: "string", multiple: true },
  "replace-key": { type: "string", multiple: true },
  header: { type: "string", multiple: true },
  "remove-header": { type: "string", multiple: true },
  "api-version": { type: "string" },
  "first-byte-ms": { type: "string" },
  "idle-ms": { type: "string" },
  "verify-ms": { type: "string" },
  "max-retries": { type: "string" },
  json: { type: "boolean" }
} as const

type Values = ReturnType<typeof parse<typeof options>>["values"]

/** The patch the options ask for, over what is stored (keys and headers are whole lists in a patch). */
const patchFor = (current: Provider, values: Values): ProviderPatch => {
  const timeouts = {
    ...(values["first-byte-ms"] === undefined ? {} : { firstByteMs: numberOption(values["first-byte-ms"]) }),
    ...(values["idle-ms"] === undefined ? {} : { idleMs: numberOption(values["idle-ms"]) }),
    ...(values["verify-ms"] === undefined ? {} : { verifyMs: numberOption(values["verify-ms"]) }),
    ...(values["max-retries"] === undefined ? {} : { maxRetries: numberOption(values["max-retries"]) })
  }
  const changesKeys = [values["add-key"], values["remove-key"], values["replace-key"]].some((v) => v !== undefined)
  const changesHeaders = values.header !== undefined || values["remove-header"] !== undefined
  const dropped = new Set((values["remove-header"] ?? []).map((name) => name.toLowerCase()))
  const headers = Object.fromEntries(
    Object.entries({ ...current.headers, ...headerPairs(values.header ?? []) }).filter(
      ([name]) => !dropped.has(name.toLowerCase())
    )
  )
  return {
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values["base-url"] === undefined ? {} : { baseUrl: values["base-url"] }),
    ...(values["api-version"] === undefined ? {} : { apiVersion: values["api-version"] }),
    ...(changesKeys
      ? {
          apiKeys: keysPatch(
            current.apiKeys,
            values["remove-key"] ?? [],
            values["replace-key"] ?? [],
            values["add-key"] ?? []
          )
        }
      : {}),
    ...(changesHeaders ? { headers } : {}),
    ...(Object.keys(timeouts).length === 0 ? {} : { timeouts })
  }
}

export const edit: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, options)
  const id = positional(positionals, 0, "provider id")
  const { json: asJson, ...changes } = values
  if (Object.keys(changes).length === 0)
    throw new UsageError(`nothing to change: name at least one option (switchboard --help lists them)`)
  const current = await bridge.run(providers((p) => p.get(id)))
  if (!current.ok) return reportProblem(io, current.problem)
  // Against the revision read: a key named by its place is the one that was at that place.
  const { revision } = current.value
  const patch = patchFor(current.value, values)
  const outcome = await bridge.run(providers((p) => p.update(id, patch, { revision })))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  if (asJson === true) io.out(json(providerView(outcome.value)))
  io.err(`changed ${outcome.value.name} (${outcome.value.id})\n`)
  return ExitCode.ok
}

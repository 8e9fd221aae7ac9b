/**
 * Parsing one command's arguments with Node's `parseArgs`, turning its exceptions into a usage error that names the
 * problem (`unknown option --bse-url`) instead of a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from "node:util"
import { untrusted } from "../runtime/untrusted"

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>

export const parse = <O extends Options>(args: ReadonlyArray<string>, options: O) => {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^Unknown option/, "unknown option") : String(error)
    throw new UsageError(message.split(". To specify")[0]!)
  }
}

/** The positional at `index`, or a usage error naming what is missing. */
export const positional = (positionals: ReadonlyArray<string>, index: number, name: string): string => {
  const value = positionals[index]
  if (value === undefined || value === "") throw new UsageError(`missing ${name}`)
  return value
}

/** `--header "Name: value"` options as a record; the core checks names and values. */
export const headerPairs = (headers: ReadonlyArray<string>): Record<string, string> => {
  const record: Record<string, string> = {}
  for (const header of headers) {
    const colon = header.indexOf(":")
    if (colon === -1) throw new UsageError(`--header must be "Name: value", got a value without a colon`)
    record[header.slice(0, colon).trim()] = header.slice(colon + 1).trim()
  }
  return record
}

/**
 * A number option as the core should see it: digits become a number, anything else stays text, so the core's error
 * names the field and says what it takes.
 */
export const numberOption = (value: string): number =>
  /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : untrusted<number>(value)

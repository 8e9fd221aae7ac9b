/**
 * Parsing one command's arguments with Node's `parseArgs`, turning its exceptions into a usage error that names the
 * problem (`unknown option --bse-url`) instead of a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from "node:util"

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

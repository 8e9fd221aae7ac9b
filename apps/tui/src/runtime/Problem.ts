/**
 * A failure as the TUI and the commands show it: which kind (the error's tag), the provider's reason when a
 * provider failed, the field for invalid input, and a message that says what to do. Made from an Effect `Cause`, so
 * nothing a core call can end with (a typed error, a defect, an interruption) escapes as an exception.
 */
import { Cause, Option } from "effect"

export interface Problem {
  /** `InvalidInput`, `ProviderError`, `NotFound`, …, `Interrupted` or `Defect`. */
  readonly tag: string
  /** For `ProviderError`: `Authentication`, `Network`, `Timeout`, … */
  readonly reason?: string
  /** For `InvalidInput`: the field's path (`baseUrl`, `apiKeys[1]`); for `DuplicateName`, `id` when the id clashes. */
  readonly field?: string
  /** What went wrong and what to do, in words. For `InvalidInput`, only the problem (the field is shown apart). */
  readonly message: string
}

const isTagged = (error: unknown): error is { readonly _tag: string; readonly message: string } =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"

/** A typed failure of the core, or any other thrown value. */
export const problemOf = (error: unknown): Problem => {
  if (isTagged(error)) {
    const fields = error as unknown as Record<string, unknown>
    if (error._tag === "InvalidInput" && typeof fields.field === "string" && typeof fields.problem === "string")
      return { tag: error._tag, field: fields.field, message: fields.problem }
    if (error._tag === "DuplicateName" && typeof fields.field === "string")
      return { tag: error._tag, field: fields.field, message: error.message }
    if (error._tag === "ProviderError" && typeof fields.reason === "string")
      return { tag: error._tag, reason: fields.reason, message: error.message }
    return { tag: error._tag, message: error.message }
  }
  const text = error instanceof Error ? error.message : String(error)
  return { tag: "Defect", message: `Switchboard failed unexpectedly (${text}). What is stored is unchanged.` }
}

/** How an Effect ended in failure, as a `Problem`. */
export const problemOfCause = (cause: Cause.Cause<unknown>): Problem =>
  Option.match(Cause.failureOption(cause), {
    onSome: problemOf,
    onNone: () =>
      Cause.isInterruptedOnly(cause)
        ? { tag: "Interrupted", message: "Stopped." }
        : problemOf(Option.getOrUndefined(Cause.dieOption(cause)) ?? Cause.pretty(cause))
  })

/** One line for a problem: `Network: …`, `baseUrl: must …`; a problem's own sentence needs no field before it. */
export const problemLine = (problem: Problem): string =>
  problem.field === undefined || problem.tag !== "InvalidInput"
    ? problem.message
    : `${problem.field}: ${problem.message}`

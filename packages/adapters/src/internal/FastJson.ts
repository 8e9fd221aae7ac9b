/**
 * Decoding the JSON a stream sends over and over (one chunk per token) without a full Schema decode each time:
 * `JSON.parse`, then a hand-written check of just the fields Switchboard reads. Whatever the check does not accept
 * goes through the protocol's Schema decode, which accepts it or says why not, so the wire Schemas stay the one
 * definition of the format. A check must therefore never accept what its Schema would refuse.
 */
import { Either } from "effect"

export const fastJson =
  <A, E>(accepts: (value: unknown) => value is A, decode: (text: string) => Either.Either<A, E>) =>
  (text: string): Either.Either<A, E> => {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return decode(text)
    }
    return accepts(value) ? Either.right(value) : decode(text)
  }

/** A JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Absent or null. */
export const isNullish = (value: unknown): value is null | undefined => value === undefined || value === null

/** `Schema.optional(Schema.NullOr(Schema.String))`. */
export const isOptionalString = (value: unknown): boolean => isNullish(value) || typeof value === "string"

/** `Schema.optional(Schema.NullOr(Schema.Number))`. */
export const isOptionalNumber = (value: unknown): boolean => isNullish(value) || typeof value === "number"

/** `Schema.Int.pipe(Schema.nonNegative())`. */
export const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0

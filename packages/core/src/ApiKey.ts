/**
 * An API key as the core holds it: the secret stays `Redacted` in memory (so logging a provider never prints it),
 * and everything user-facing shows `masked` instead.
 */
import { Redacted, Schema } from "effect"

export const ApiKeyId = Schema.String.pipe(Schema.brand("ApiKeyId"))
export type ApiKeyId = typeof ApiKeyId.Type

export class ApiKey extends Schema.Class<ApiKey>("ApiKey")({
  id: ApiKeyId,
  value: Schema.Redacted(Schema.String)
}) {
  /** What a user sees: `sk-…abcd`. */
  get masked(): string {
    return maskKey(Redacted.value(this.value))
  }
}

/** Keeps the first three and last four characters of a long key, fewer of a short one; never the whole key. */
export const maskKey = (plain: string): string => {
  if (plain.length <= 8) return `…${plain.slice(-Math.min(2, Math.floor(plain.length / 4)))}`
  return `${plain.slice(0, 3)}…${plain.slice(-4)}`
}

/**
 * An API key as the core holds it: the secret stays `Redacted` in memory (so logging a provider never prints it),
 * and everything user-facing shows `masked` instead.
 */
import { Redacted, Schema } from "effect"

export const ApiKeyId = Schema.String.pipe(Schema.brand("ApiKeyId"))
export type ApiKeyId = typeof ApiKeyId.Type

export class ApiKey extends Schema.Class<ApiKey>("ApiKey")({
  id: ApiKeyId,
  value: Schema.Redacted(Schema.String),
  /**
   * Set on a stored key that the master key cannot unseal (`master.key` was replaced, or `SWITCHBOARD_MASTER_KEY`
   * changed): its `value` is empty, it is never sent, and the store keeps its sealed value until it is removed.
   */
  unreadable: Schema.optional(Schema.Literal(true))
}) {
  /** What a user sees: `sk-…abcd`, or that the key cannot be read. */
  get masked(): string {
    return this.unreadable ? unreadableMask : maskKey(Redacted.value(this.value))
  }
}

/** How an unreadable key shows. */
export const unreadableMask = "(unreadable: sealed with another master key)"

/**
 * What a user sees of a key: enough to tell keys apart, never enough to use one. A long key keeps its first three
 * and last four characters (`sk-…abcd`), a medium one only its last two, a short one nothing; whatever the length, at
 * most half the key shows.
 */
export const maskKey = (plain: string): string => {
  if (plain.length >= 16) return `${plain.slice(0, 3)}…${plain.slice(-4)}`
  if (plain.length >= 8) return `…${plain.slice(-2)}`
  return "…"
}

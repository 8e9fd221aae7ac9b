/**
 * The one failure of the model catalog: a catalog file or a models.dev document that cannot be read, is too large,
 * is not what it claims to be, or cannot be written. `reason` says which; the message names the file and what to do.
 */
import { Schema } from "effect"

export const CatalogErrorReason = Schema.Literal("Unreadable", "TooLarge", "Malformed", "Timeout", "WriteFailed")
export type CatalogErrorReason = typeof CatalogErrorReason.Type

const advice: Readonly<Record<CatalogErrorReason, string>> = {
  Unreadable: "Check the path or URL and that it can be read.",
  TooLarge: "Point at models.dev's api.json or a Switchboard catalog file, not at something larger.",
  Malformed: "Point at models.dev's api.json (or catalog.json), or a catalog file Switchboard wrote.",
  Timeout: "The source did not answer in time; retry, or download the file and pass its path.",
  WriteFailed: "Check the data directory's disk space and permissions; the previous catalog is unchanged."
}

export class CatalogError extends Schema.TaggedError<CatalogError>()("CatalogError", {
  reason: CatalogErrorReason,
  /** The file, URL or directory involved. */
  source: Schema.String,
  detail: Schema.String
}) {
  override get message() {
    return `Model catalog from ${this.source}: ${this.detail}. ${advice[this.reason]}`
  }
}

/**
 * The verify report and a provider's remote model list as the API shows them. The core's classes already hold only
 * masked keys and user-safe text; these functions turn them into plain JSON and the Schemas describe that JSON for the
 * OpenAPI document.
 */
import { ProviderErrorReason } from "@switchboard/core/Errors"
import type { RemoteModel } from "@switchboard/core/RemoteModel"
import type { VerifyReport } from "@switchboard/core/VerifyReport"
import { Schema } from "effect"

export const KeyCheckView = Schema.Struct({
  /** The key's id (absent for a keyless provider), to replace or delete it. */
  keyId: Schema.optional(Schema.String),
  /** The masked key, or `null` for a keyless provider. */
  key: Schema.NullOr(Schema.String),
  ok: Schema.Boolean,
  reason: Schema.optional(ProviderErrorReason),
  /** The upstream's HTTP status, when there was one. */
  status: Schema.optional(Schema.Number),
  /** The upstream's own words (any key scrubbed). */
  message: Schema.optional(Schema.String),
  latencyMs: Schema.Number,
  /** The exact URL of the check's last request. */
  url: Schema.String,
  stage: Schema.Literal("models", "generate")
}).annotations({ identifier: "KeyCheck" })

export const VerifyReportView = Schema.Struct({
  providerId: Schema.String,
  ok: Schema.Boolean,
  results: Schema.Array(KeyCheckView)
}).annotations({ identifier: "VerifyReport" })
export type VerifyReportView = typeof VerifyReportView.Type

export const RemoteModelView = Schema.Struct({
  id: Schema.String,
  displayName: Schema.optional(Schema.String),
  contextLength: Schema.optional(Schema.Int),
  ownedBy: Schema.optional(Schema.String),
  methods: Schema.optional(Schema.Array(Schema.String))
}).annotations({ identifier: "RemoteModel" })
export type RemoteModelView = typeof RemoteModelView.Type

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T

export const verifyReportView = (report: VerifyReport): VerifyReportView => ({
  providerId: report.providerId,
  ok: report.ok,
  results: report.results.map((check) =>
    defined({
      keyId: check.keyId,
      key: check.key,
      ok: check.ok,
      reason: check.reason,
      status: check.status,
      message: check.message,
      latencyMs: check.latencyMs,
      url: check.url,
      stage: check.stage
    })
  )
})

export const remoteModelView = (model: RemoteModel): RemoteModelView =>
  defined({
    id: model.id,
    displayName: model.displayName,
    contextLength: model.contextLength,
    ownedBy: model.ownedBy,
    methods: model.methods
  })

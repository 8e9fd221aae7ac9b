/**
 * The verify report and a provider's remote model list as the API shows them. The verify report is the core's own
 * Schema, encoded (it already holds only masked keys and user-safe text); a remote model gains the group and the
 * capabilities the core would give it once added, so the dashboard can group and filter the list without
 * re-implementing those rules.
 */
import { Option, Schema } from "effect"
import { defaultGroup } from "./Model"
import { type Capabilities, Capability, inferCapabilities } from "./ModelCapabilities"
import { RemoteModel } from "./RemoteModel"
import { LastVerify, VerifyReport } from "./VerifyReport"

export const VerifyReportView = VerifyReport
export type VerifyReportView = typeof VerifyReport.Encoded
/** One key's check, as the report shows it. */
export type KeyCheckView = VerifyReportView["results"][number]

export const verifyReportView: (report: VerifyReport) => VerifyReportView = Schema.encodeSync(VerifyReport)

/** The last verify report, `{checkedAt, report}`, or `null` for a provider never verified. */
export const LastVerifyView = Schema.NullOr(LastVerify)
export type LastVerifyView = typeof LastVerifyView.Encoded

export const lastVerifyView = (last: Option.Option<LastVerify>): LastVerifyView =>
  Schema.encodeSync(LastVerifyView)(Option.getOrNull(last))

export const RemoteModelView = Schema.extend(
  RemoteModel.pipe(Schema.encodedSchema),
  Schema.Struct({
    /** The group the model gets when added. */
    group: Schema.String,
    /** The capabilities inferred from its id. */
    capabilities: Schema.Record({ key: Capability, value: Schema.Boolean })
  })
).annotations({ identifier: "RemoteModel" })
export type RemoteModelView = typeof RemoteModelView.Type

const encodeRemoteModel = Schema.encodeSync(RemoteModel)

export const remoteModelView = (model: RemoteModel): RemoteModelView => ({
  ...encodeRemoteModel(model),
  group: defaultGroup(model.id),
  capabilities: inferCapabilities(model.id) satisfies Capabilities
})

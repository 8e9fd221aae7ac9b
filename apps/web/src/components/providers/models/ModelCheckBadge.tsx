/**
 * A model's last check in a word, beside it in the list: ✓ when every key passed, else the first failure's reason
 * and how many keys failed, with each key's result and the check's age on hover.
 */
import type { ModelCheckView as ModelCheck } from "@switchboard/core/domain/ModelViews"
import { ago } from "../VerifyResults"

const line = (check: ModelCheck) => {
  const { result } = check
  const status = result.status === undefined ? "" : ` (HTTP ${result.status})`
  return `${result.key ?? "no key"}: ${result.ok ? "ok" : `${result.reason ?? "failed"}${status}`}`
}

/** When the newest of `checks` was made (ISO times sort as text). */
export const latestCheck = (checks: ReadonlyArray<ModelCheck>): string =>
  checks.reduce((a, b) => (a.checkedAt > b.checkedAt ? a : b)).checkedAt

export function ModelCheckBadge({ checks }: { readonly checks: ReadonlyArray<ModelCheck> }) {
  if (checks.length === 0) return null
  const failed = checks.filter((c) => !c.result.ok)
  const title = [...checks.map(line), `Checked ${ago(latestCheck(checks))}`].join("\n")
  if (failed.length === 0)
    return (
      <span className="badge ok small" title={title}>
        ✓ {checks.length === 1 ? "OK" : `${checks.length} keys`}
      </span>
    )
  const reason = failed[0]!.result.reason ?? "Failed"
  return (
    <span className="badge failed small" title={title}>
      ✗ {reason}
      {checks.length === 1 ? "" : ` · ${failed.length} of ${checks.length} keys`}
    </span>
  )
}

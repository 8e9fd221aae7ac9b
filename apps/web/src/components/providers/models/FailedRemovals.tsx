/**
 * The bulk removals the last check results suggest: the models no working key passed, and the keys that passed no
 * model another key passed. Each names what goes and asks first, like every delete in the dashboard.
 */
import type { LastChecksView as LastChecks } from "@switchboard/core/domain/ModelViews"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { api } from "../../../api/client"
import { useAction } from "../../../hooks/useAction"
import { ConfirmButton } from "../../shared/ConfirmButton"
import { ErrorNote } from "../../shared/ErrorNote"

export interface FailedRemovalsProps {
  readonly provider: Provider
  readonly failures: LastChecks["failures"]
  /** The provider after a removal; the last results are read again by the caller. */
  readonly onRemoved: (provider: Provider) => void
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

export function FailedRemovals({ provider, failures, onRemoved }: FailedRemovalsProps) {
  const remove = useAction(async (what: "models" | "keys") => {
    onRemoved((await api.models.removeFailed(provider.id, what)).provider)
  })
  const keyNames = failures.keys.map((id) => provider.apiKeys.find((k) => k.id === id)?.masked ?? id)
  if (failures.models.length === 0 && failures.keys.length === 0) return null
  return (
    <div className="failed-removals">
      {failures.models.length === 0 ? null : (
        <ConfirmButton
          className="button danger-text"
          label={`Remove ${plural(failures.models.length, "failed model", "failed models")}`}
          question={`Remove ${failures.models.join(", ")}?`}
          confirmText="Remove"
          disabled={remove.pending}
          onConfirm={() => void remove.run("models")}
        >
          Remove {plural(failures.models.length, "failed model", "failed models")}
        </ConfirmButton>
      )}
      {failures.keys.length === 0 ? null : (
        <ConfirmButton
          className="button danger-text"
          label={`Remove ${plural(failures.keys.length, "key", "keys")} that failed everywhere`}
          question={`Remove ${keyNames.join(", ")}?`}
          confirmText="Remove"
          disabled={remove.pending}
          onConfirm={() => void remove.run("keys")}
        >
          Remove {plural(failures.keys.length, "key", "keys")} that failed everywhere
        </ConfirmButton>
      )}
      <ErrorNote error={remove.error} action="Not removed" />
    </div>
  )
}

/**
 * One model in a provider's list: its name and id, capabilities, marks (gone from the provider's list, deprecated),
 * facts with their sources, its last check, and Edit and Delete.
 */
import type { ModelCheckView as ModelCheck } from "@switchboard/core/domain/ModelViews"
import type { ModelView as Model } from "@switchboard/core/domain/ProviderView"
import { ConfirmButton } from "../../shared/ConfirmButton"
import { CapabilityTags } from "../CapabilityTags"
import { ModelCheckBadge } from "./ModelCheckBadge"
import { ModelFactsLine } from "./ModelFactsLine"
import { sourceSentences } from "./SourceTag"

export interface ModelRowProps {
  readonly model: Model
  /** Its last result with each key. */
  readonly checks: ReadonlyArray<ModelCheck>
  readonly onEdit: () => void
  readonly onDelete: () => void
}

export function ModelRow({ model, checks, onEdit, onDelete }: ModelRowProps) {
  const deprecated = model.facts.deprecated
  return (
    <li className={model.goneAt === undefined ? "model-row" : "model-row gone"}>
      <span className="model-row-main">
        <span className="model-row-text">
          <span>{model.name}</span>
          {model.name === model.id ? null : <span className="muted small mono">{model.id}</span>}
          <CapabilityTags value={model.capabilities} facts={model.facts.capabilities} />
          {model.goneAt === undefined ? null : (
            <span className="tag tag-gone" title={`Missing from the provider's list since ${model.goneAt}`}>
              Gone upstream
            </span>
          )}
          {deprecated?.value === true ? (
            <span className="tag tag-deprecated" title={`Deprecated, ${sourceSentences[deprecated.source]}`}>
              Deprecated
            </span>
          ) : null}
          <ModelCheckBadge checks={checks} />
        </span>
        <ModelFactsLine model={model} />
      </span>
      <span className="model-row-actions">
        <button type="button" className="button small" aria-label={`Edit ${model.id}`} onClick={onEdit}>
          Edit
        </button>
        <ConfirmButton label={`Delete ${model.id}`} question={`Delete ${model.name}?`} onConfirm={onDelete}>
          Delete
        </ConfirmButton>
      </span>
    </li>
  )
}

/**
 * The Edit model dialog's limits and prices. Each field holds only your own value; the value in use otherwise shows
 * as the placeholder, with where it comes from under the field. Reset empties a field, which on Save goes back to
 * that value.
 */
import type { FactSource } from "@switchboard/core/domain/ModelFacts"
import type { ModelView as Model } from "@switchboard/core/domain/ProviderView"
import type { FieldErrors } from "../../../lib/fieldErrors"
import { formatPricing, formatTokens } from "../../../lib/money"
import { Field } from "../../shared/Field"
import { type LimitsDraft, type PriceField, priceFields } from "./modelLimits"
import { sourceSentences } from "./SourceTag"

export interface ModelLimitsFieldsProps {
  readonly model: Model
  readonly draft: LimitsDraft
  readonly errors: FieldErrors
  readonly onChange: (change: Partial<LimitsDraft>) => void
}

const priceLabels: Readonly<Record<PriceField, string>> = {
  input: "Input",
  output: "Output",
  cachedInput: "Cached input"
}

/** What an empty field means: the value underneath yours, or that none is known. */
const fallback = (fact: { readonly source: FactSource } | undefined, shown: string | undefined) =>
  fact === undefined
    ? "Empty: unknown"
    : fact.source === "user"
      ? "Yours. Reset to use the provider's or the catalog's value"
      : `Empty: ${shown}, ${sourceSentences[fact.source]}`

export function ModelLimitsFields({ model, draft, errors, onChange }: ModelLimitsFieldsProps) {
  const { contextWindow, maxOutputTokens, pricing } = model.facts
  const tokenField = (field: "contextWindow" | "maxOutputTokens", label: string, fact: typeof contextWindow) => (
    <Field
      label={label}
      error={errors[field]}
      hint={fallback(fact, fact === undefined ? undefined : formatTokens(fact.value))}
    >
      {(control) => (
        <span className="input-with-reset">
          <input
            {...control}
            className="input"
            inputMode="numeric"
            placeholder={fact === undefined || fact.source === "user" ? "" : String(fact.value)}
            value={draft[field]}
            onChange={(e) => onChange({ [field]: e.target.value.trim() })}
          />
          {draft[field] === "" ? null : (
            <button
              type="button"
              className="button small"
              aria-label={`Reset ${label}`}
              onClick={() => onChange({ [field]: "" })}
            >
              Reset
            </button>
          )}
        </span>
      )}
    </Field>
  )
  const someoneElsesPrice = pricing !== undefined && pricing.source !== "user" ? pricing.value : undefined
  const anyPrice = priceFields.some((field) => draft[field] !== "")
  return (
    <>
      <fieldset className="limit-fields">
        <legend>Limits (tokens)</legend>
        {tokenField("contextWindow", "Context window", contextWindow)}
        {tokenField("maxOutputTokens", "Max output", maxOutputTokens)}
      </fieldset>
      <fieldset className="limit-fields">
        <legend>Prices per million tokens</legend>
        <p className="muted small price-note">
          {fallback(pricing, pricing === undefined ? undefined : formatPricing(pricing.value))}
        </p>
        <Field label="Currency" error={errors.currency}>
          {(control) => (
            <input
              {...control}
              className="input mono"
              maxLength={3}
              autoCapitalize="characters"
              spellCheck={false}
              value={draft.currency}
              onChange={(e) => onChange({ currency: e.target.value.toUpperCase() })}
            />
          )}
        </Field>
        {priceFields.map((field) => (
          <Field key={field} label={priceLabels[field]} error={errors[field]}>
            {(control) => (
              <input
                {...control}
                className="input"
                inputMode="decimal"
                placeholder={someoneElsesPrice?.[field] === undefined ? "" : String(someoneElsesPrice[field])}
                value={draft[field]}
                onChange={(e) => onChange({ [field]: e.target.value.trim() })}
              />
            )}
          </Field>
        ))}
        {anyPrice ? (
          <button
            type="button"
            className="button small"
            onClick={() => onChange({ input: "", output: "", cachedInput: "" })}
          >
            Reset prices
          </button>
        ) : null}
      </fieldset>
    </>
  )
}

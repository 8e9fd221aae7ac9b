/**
 * The check of every model × key as the provider detail shows it: first a small form (which key, how many probes at
 * once, how long each may take), then the run (each result as it finishes), ending finished or stopped. The results
 * are the core's `ModelCheck`s; what they blame comes from the core's `checkFailures`, never from here.
 */
import type { CheckInput, ModelCheck } from "@switchboard/core/domain/ModelCheck"
import type { Provider } from "@switchboard/core/domain/Provider"
import { defaultConcurrency } from "@switchboard/core/Models"
import { type TextValue, textValue } from "../keys/TextEdit"
import type { Problem } from "../runtime/Problem"

export const checkFields = ["key", "concurrency", "timeoutMs"] as const
export type CheckField = (typeof checkFields)[number]

export type CheckPhase = "setup" | "running" | "finished" | "stopped"

export interface ModelCheckState {
  readonly phase: CheckPhase
  readonly focus: number
  /** The key to check with, as its index among the provider's keys; -1 for every key. */
  readonly key: number
  readonly keyCount: number
  readonly concurrency: TextValue
  readonly timeoutMs: TextValue
  readonly error: { readonly field: CheckField; readonly problem: Problem } | undefined
  /** Models × keys this run probes (0 until it starts). */
  readonly total: number
  /** Results in the order they finished. */
  readonly results: ReadonlyArray<ModelCheck>
  readonly elapsedMs: number | undefined
}

export type ModelCheckAction =
  | { readonly _tag: "Focus"; readonly by: 1 | -1 }
  | { readonly _tag: "Edit"; readonly field: "concurrency" | "timeoutMs"; readonly value: TextValue }
  | { readonly _tag: "CycleKey"; readonly by: 1 | -1 }
  | { readonly _tag: "Rejected"; readonly field: CheckField; readonly problem: Problem }
  | { readonly _tag: "Started"; readonly total: number }
  | { readonly _tag: "Progress"; readonly check: ModelCheck }
  | { readonly _tag: "Finished"; readonly elapsedMs: number }
  | { readonly _tag: "Stopped" }

/** The form, filled with the core's defaults: every key, `defaultConcurrency`, the provider's verify timeout. */
export const openCheck = (provider: Provider): ModelCheckState => ({
  phase: "setup",
  focus: 0,
  key: -1,
  keyCount: provider.apiKeys.length,
  concurrency: textValue(String(defaultConcurrency)),
  timeoutMs: textValue(String(provider.timeouts.verifyMs)),
  error: undefined,
  total: 0,
  results: [],
  elapsedMs: undefined
})

export const focusedField = (state: ModelCheckState): CheckField => checkFields[state.focus]!

export const modelCheckReducer = (state: ModelCheckState, action: ModelCheckAction): ModelCheckState => {
  switch (action._tag) {
    case "Focus":
      return { ...state, focus: (state.focus + action.by + checkFields.length) % checkFields.length }
    case "Edit":
      return {
        ...state,
        [action.field]: action.value,
        error: state.error?.field === action.field ? undefined : state.error
      }
    case "CycleKey": {
      // -1 (every key), then each key in turn.
      const choices = state.keyCount + 1
      return { ...state, key: ((state.key + 1 + action.by + choices) % choices) - 1 }
    }
    case "Rejected":
      return { ...state, phase: "setup", error: { field: action.field, problem: action.problem } }
    case "Started":
      return { ...state, phase: "running", total: action.total, results: [], elapsedMs: undefined, error: undefined }
    case "Progress":
      return { ...state, results: [...state.results, action.check] }
    case "Finished":
      return { ...state, phase: "finished", elapsedMs: action.elapsedMs }
    case "Stopped":
      return { ...state, phase: "stopped" }
  }
}

/** A number as typed, or absent when the field is empty (the core's default then). */
const typedNumber = (value: TextValue): number | undefined =>
  value.text.trim() === "" ? undefined : Number(value.text.trim())

/** What the core's `Models.check` is asked for. */
export const checkInput = (state: ModelCheckState, provider: Provider): CheckInput => {
  const key = provider.apiKeys[state.key]
  const concurrency = typedNumber(state.concurrency)
  const timeoutMs = typedNumber(state.timeoutMs)
  return {
    ...(key === undefined ? {} : { keyId: key.id }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(timeoutMs === undefined ? {} : { timeoutMs })
  }
}

/** Which field a core `InvalidInput` about the check (`keyId`, `concurrency`, `timeoutMs`) is about. */
export const fieldOfPath = (path: string): CheckField => (path === "concurrency" || path === "timeoutMs" ? path : "key")

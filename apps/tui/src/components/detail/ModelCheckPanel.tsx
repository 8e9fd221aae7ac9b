/**
 * The check of every model × key: the form that starts it (which key, how many at once, the timeout), then a
 * progress bar over a live table (model × key: ok or the reason, HTTP status, latency), failures first, and at the
 * end what the results blame (the core's `checkFailures`): the models no key passed and the keys refused on every
 * model.
 */
import { checkFailures, type ModelCheck } from "@switchboard/core/domain/ModelCheck"
import type { Provider } from "@switchboard/core/domain/Provider"
import { Box, Text } from "ink"
import { type CheckField, focusedField, type ModelCheckState } from "../../state/ModelCheckState"
import { plural } from "../../text/plural"
import { theme } from "../../theme/Theme"
import { Field } from "../shared/Field"
import { ProgressBar } from "../shared/ProgressBar"
import { Spinner } from "../shared/Spinner"
import { TextInput } from "../shared/TextInput"

/** Columns of the table's fixed cells: marker, key, outcome (`Authentication` is the longest reason), HTTP status, latency. */
const markWidth = 2
const keyWidth = 14
const outcomeWidth = 16
const statusWidth = 9
const latencyWidth = 9

export const CheckRow = ({ check, width }: { readonly check: ModelCheck; readonly width: number }) => {
  const { result } = check
  const colour = result.ok ? theme.success : theme.danger
  return (
    <Box>
      <Box width={markWidth} flexShrink={0}>
        <Text color={colour}>{result.ok ? "✓" : "✗"}</Text>
      </Box>
      <Box width={Math.max(8, width - markWidth - keyWidth - outcomeWidth - statusWidth - latencyWidth)}>
        <Text wrap="truncate-end">{check.modelId}</Text>
      </Box>
      <Box width={keyWidth} flexShrink={0}>
        <Text color={theme.muted} wrap="truncate-end">
          {result.key ?? "(no key)"}
        </Text>
      </Box>
      <Box width={outcomeWidth} flexShrink={0}>
        <Text color={colour} wrap="truncate-end">
          {result.ok ? "ok" : (result.reason ?? "failed")}
        </Text>
      </Box>
      <Box width={statusWidth} flexShrink={0}>
        <Text color={theme.muted}>{result.status === undefined ? "" : `HTTP ${result.status}`}</Text>
      </Box>
      <Box width={latencyWidth} flexShrink={0} justifyContent="flex-end">
        <Text color={theme.muted}>{Math.round(result.latencyMs)} ms</Text>
      </Box>
    </Box>
  )
}

/**
 * The rows in the order worth reading: the failed models' results, then the other failures, then those of keys
 * refused everywhere (one key can fill a screen), then the passes; each group in the order the results came.
 */
const byInterest = (
  results: ReadonlyArray<ModelCheck>,
  failures: ReturnType<typeof checkFailures>
): ReadonlyArray<ModelCheck> => {
  const rank = (check: ModelCheck) =>
    check.result.ok
      ? 3
      : failures.models.includes(check.modelId)
        ? 0
        : failures.keys.includes(check.result.keyId ?? "")
          ? 2
          : 1
  return results
    .map((check, i) => ({ check, i }))
    .sort((a, b) => rank(a.check) - rank(b.check) || a.i - b.i)
    .map((r) => r.check)
}

const numberFields = [
  { field: "concurrency", label: "At once", hint: "probes running at the same time (1 to 32)" },
  { field: "timeoutMs", label: "Timeout ms", hint: "each probe's limit; one token is generated (or one text embedded)" }
] as const

const Setup = ({ state, provider }: { readonly state: ModelCheckState; readonly provider: Provider }) => {
  const focused = focusedField(state)
  const errorOf = (field: CheckField) => (state.error?.field === field ? state.error.problem : undefined)
  const key = provider.apiKeys[state.key]
  const keys = provider.apiKeys.length === 0 ? "no key" : key === undefined ? "every key" : key.masked
  return (
    <Box flexDirection="column">
      <Text bold>
        Check {plural(provider.models.length, "model")} ×{" "}
        {key === undefined ? plural(Math.max(1, provider.apiKeys.length), "key") : "1 key"}
      </Text>
      <Field
        label="Key"
        focused={focused === "key"}
        error={errorOf("key")}
        hint={provider.apiKeys.length > 1 ? "←/→ chooses every key or one" : undefined}
        labelWidth={16}
      >
        <Text>{keys}</Text>
      </Field>
      {numberFields.map(({ field, label, hint }) => (
        <Field key={field} label={label} focused={focused === field} error={errorOf(field)} hint={hint} labelWidth={16}>
          <TextInput value={state[field]} focused={focused === field} />
        </Field>
      ))}
    </Box>
  )
}

export const ModelCheckPanel = ({
  state,
  provider,
  width,
  height
}: {
  readonly state: ModelCheckState
  readonly provider: Provider
  readonly width: number
  readonly height: number
}) => {
  if (state.phase === "setup") return <Setup state={state} provider={provider} />
  const done = state.results.length
  const passed = state.results.filter((c) => c.result.ok).length
  const failures = checkFailures(state.results)
  const maskedOf = (keyId: string) => provider.apiKeys.find((k) => k.id === keyId)?.masked ?? keyId
  const ended = state.phase !== "running"
  // Title, bar, the "more" line, and at the end the two blame lines.
  const rows = Math.max(1, height - 3 - (ended ? 2 : 0))
  const shown = byInterest(state.results, failures)
  return (
    <Box flexDirection="column">
      {state.phase === "running" ? (
        <Spinner label={`Checking ${plural(state.total, "model × key", "models × keys")}… esc stops`} />
      ) : (
        <Text bold color={state.phase === "stopped" ? theme.warning : passed === done ? theme.success : theme.danger}>
          {state.phase === "stopped"
            ? `Stopped after ${done} of ${state.total}`
            : `Done in ${((state.elapsedMs ?? 0) / 1000).toFixed(1)} s`}
          : {passed} passed, {done - passed} failed
        </Text>
      )}
      <ProgressBar done={done} total={state.total} width={width} />
      {shown.slice(0, rows).map((check) => (
        <CheckRow key={`${check.modelId}\u0000${check.result.keyId ?? ""}`} check={check} width={width} />
      ))}
      {shown.length > rows ? <Text color={theme.muted}> … {shown.length - rows} more</Text> : null}
      {ended ? (
        <Box flexDirection="column">
          <Text wrap="truncate-end">
            <Text color={theme.muted}>Failed models: </Text>
            {failures.models.length === 0 ? "none" : failures.models.join(", ")}
          </Text>
          <Text wrap="truncate-end">
            <Text color={theme.muted}>Keys refused everywhere: </Text>
            {failures.keys.length === 0 ? "none" : failures.keys.map(maskedOf).join(", ")}
          </Text>
        </Box>
      ) : null}
    </Box>
  )
}

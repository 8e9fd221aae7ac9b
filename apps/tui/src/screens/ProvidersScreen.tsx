/**
 * The providers list: every provider with its on/off mark, type, key state and model count, in the user's order.
 * From here the user toggles, adds, opens, removes (after a confirmation), reorders and filters providers.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import type { LastVerify } from "@switchboard/core/domain/VerifyReport"
import type { ProvidersService } from "@switchboard/core/Providers"
import { Effect, Option } from "effect"
import { Box, Text, useApp } from "ink"
import { useCallback, useEffect, useReducer } from "react"
import { keyState } from "../components/providers/keyState"
import { ProviderHeader, ProviderRow } from "../components/providers/ProviderRow"
import { Screen } from "../components/shared/Screen"
import { ScrollList } from "../components/shared/ScrollList"
import { TextInput } from "../components/shared/TextInput"
import { useTerminalSize } from "../components/shared/useTerminalSize"
import { editText } from "../keys/TextEdit"
import { type Handlers, useCommands } from "../keys/useCommands"
import { useBridge } from "../runtime/BridgeContext"
import { useStoreChanges } from "../runtime/useStoreChanges"
import { providers as onProviders } from "../runtime/Core"
import { useNavigation } from "../state/Navigation"
import {
  initialProviders,
  providersReducer,
  selectedIndex,
  selectedProvider,
  visibleProviders
} from "../state/ProvidersState"
import { plural } from "../text/plural"
import { theme } from "../theme/Theme"

/** The ids in the new order after moving `id` one place `by` (−1 up, +1 down); unchanged at either end. */
export const moved = (all: ReadonlyArray<Provider>, id: string, by: -1 | 1): ReadonlyArray<string> => {
  const ids = all.map((p) => p.id as string)
  const from = ids.indexOf(id)
  const to = from + by
  if (from === -1 || to < 0 || to >= ids.length) return ids
  ids.splice(from, 1)
  ids.splice(to, 0, id)
  return ids
}

/** Every provider, and the last Verify report of those that have one. */
const listWithReports = (p: ProvidersService) =>
  Effect.gen(function* () {
    const all = yield* p.list
    const reports = new Map<string, LastVerify>()
    for (const provider of all) {
      const last = yield* p.lastVerify(provider.id)
      if (Option.isSome(last)) reports.set(provider.id, last.value)
    }
    return { providers: all, reports }
  })

export const ProvidersScreen = () => {
  const bridge = useBridge()
  const navigate = useNavigation()
  const { exit } = useApp()
  const { rows } = useTerminalSize()
  const [state, dispatch] = useReducer(providersReducer, initialProviders)

  const reload = useCallback(
    async (notice?: string) => {
      const outcome = await bridge.run(onProviders(listWithReports))
      dispatch(
        outcome.ok
          ? { _tag: "Loaded", ...outcome.value, ...(notice === undefined ? {} : { notice }) }
          : { _tag: "Failed", problem: outcome.problem }
      )
    },
    [bridge]
  )

  useEffect(() => {
    void reload()
  }, [reload])
  useStoreChanges(() => void reload())

  const selected = selectedProvider(state)
  const visible = visibleProviders(state)
  const all = state.providers ?? []

  const toggle = async (provider: Provider) => {
    const outcome = await bridge.run(onProviders((p) => p.setEnabled(provider.id, !provider.enabled)))
    if (!outcome.ok) return dispatch({ _tag: "Failed", problem: outcome.problem })
    await reload(`${provider.name} switched ${provider.enabled ? "off" : "on"}`)
  }

  const reorder = async (provider: Provider, by: -1 | 1) => {
    const ids = moved(all, provider.id, by)
    if (ids.every((id, i) => id === all[i]?.id)) return
    const outcome = await bridge.run(onProviders((p) => p.reorder(ids)))
    dispatch(
      outcome.ok
        ? { _tag: "Loaded", providers: outcome.value, notice: `Moved ${provider.name} ${by === -1 ? "up" : "down"}` }
        : { _tag: "Failed", problem: outcome.problem }
    )
  }

  const remove = async (provider: Provider) => {
    dispatch({ _tag: "CancelRemove" })
    const outcome = await bridge.run(onProviders((p) => p.remove(provider.id)))
    if (!outcome.ok) return dispatch({ _tag: "Failed", problem: outcome.problem })
    await reload(`Removed ${provider.name}`)
  }

  const page = Math.max(1, rows - 8)
  const moving: Handlers = {
    "list.up": () => dispatch({ _tag: "Move", by: -1 }),
    "list.down": () => dispatch({ _tag: "Move", by: 1 }),
    "list.pageUp": () => dispatch({ _tag: "Move", by: -page }),
    "list.pageDown": () => dispatch({ _tag: "Move", by: page })
  }
  const open = () => {
    if (selected !== undefined) navigate({ _tag: "Push", route: { screen: "detail", providerId: selected.id } })
  }

  const handlers: Handlers =
    state.confirmRemove !== undefined
      ? {
          "confirm.yes": () => void remove(state.confirmRemove!),
          "confirm.no": () => dispatch({ _tag: "CancelRemove" })
        }
      : state.filter !== undefined
        ? { ...moving, "filter.done": open, "filter.clear": () => dispatch({ _tag: "ClearFilter" }) }
        : {
            ...moving,
            ...(selected === undefined
              ? {}
              : {
                  "providers.open": open,
                  "providers.toggle": () => void toggle(selected),
                  "providers.remove": () => dispatch({ _tag: "AskRemove" }),
                  "providers.moveUp": () => void reorder(selected, -1),
                  "providers.moveDown": () => void reorder(selected, 1)
                }),
            "providers.add": () => navigate({ _tag: "Push", route: { screen: "add" } }),
            "providers.filter": () => dispatch({ _tag: "StartFilter" }),
            "providers.chat": () => navigate({ _tag: "Push", route: { screen: "chat" } }),
            "providers.quit": exit
          }

  const filter = state.filter
  const commands = useCommands(handlers, {
    text:
      filter === undefined || state.confirmRemove !== undefined
        ? undefined
        : (input, key) => dispatch({ _tag: "FilterEdited", value: editText(filter, input, key) })
  })

  const enabled = all.filter((p) => p.enabled).length
  return (
    <Screen
      title="Providers"
      aside={state.providers === undefined ? "loading…" : `${plural(all.length, "provider")} · ${enabled} on`}
      commands={commands}
      problem={state.problem}
      notice={state.notice}
    >
      {filter === undefined ? null : (
        <Box>
          <Text color={theme.accent}>Filter: </Text>
          <TextInput value={filter} focused placeholder="type a name or type" />
        </Box>
      )}
      {visible.length > 0 ? <ProviderHeader /> : null}
      {state.providers === undefined ? (
        <Text color={theme.muted}>Loading providers…</Text>
      ) : (
        <ScrollList
          items={visible}
          selected={selectedIndex(state)}
          height={rows - 7 - (filter === undefined ? 0 : 1)}
          empty={
            <Text color={theme.muted}>
              {all.length === 0
                ? "No providers yet. Press a to add one, from scratch or from a preset such as vLLM or Ollama."
                : "No provider matches the filter. Esc clears it."}
            </Text>
          }
          render={(provider, _, isSelected) => (
            <ProviderRow
              provider={provider}
              keys={keyState(provider, state.reports.get(provider.id)?.report)}
              selected={isSelected}
            />
          )}
        />
      )}
      {state.confirmRemove === undefined ? null : (
        <Text color={theme.warning}>
          Remove {state.confirmRemove.name} with its keys and {plural(state.confirmRemove.models.length, "model")}? y/n
        </Text>
      )}
    </Screen>
  )
}

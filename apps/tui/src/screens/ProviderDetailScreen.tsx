/**
 * One provider: Settings (name, on/off, base URL with its resolved URLs, api version, timeouts), API keys (masked;
 * add, replace, remove several; Verify with its per-key report), custom headers, and models (add by hand, fetch and
 * pick, edit, delete; check every model × key; sync with the provider's list). Only one thing owns the keyboard at a
 * time, in this order: the model editor, the model picker, a confirmation, the check, the sync's diff, the field
 * being typed, the open tab.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import { Box, Text } from "ink"
import { useEffect, useReducer, useState } from "react"
import { HeadersTab } from "../components/detail/HeadersTab"
import { KeysTab } from "../components/detail/KeysTab"
import { ModelCheckPanel } from "../components/detail/ModelCheckPanel"
import { ModelEditor } from "../components/detail/ModelEditor"
import { ModelPicker } from "../components/detail/ModelPicker"
import { ModelsTab } from "../components/detail/ModelsTab"
import { SettingsTab } from "../components/detail/SettingsTab"
import { SyncPanel } from "../components/detail/SyncPanel"
import { keyState } from "../components/providers/keyState"
import { Screen } from "../components/shared/Screen"
import { Spinner } from "../components/shared/Spinner"
import { Tabs } from "../components/shared/Tabs"
import { useTerminalSize } from "../components/shared/useTerminalSize"
import { editText, textValue } from "../keys/TextEdit"
import { type Handlers, useCommands } from "../keys/useCommands"
import {
  cycleType,
  type DetailState,
  detailReducer,
  initialDetail,
  settingRows,
  tabLabels,
  tabs
} from "../state/DetailState"
import {
  focusedRow,
  isTextRow,
  type ModelEditorAction,
  type ModelEditorState,
  modelEditorReducer,
  modelPatch,
  openEditor,
  rowOfPath
} from "../state/ModelEditorState"
import {
  type ModelPickerAction,
  type ModelPickerState,
  markedInputs,
  modelPickerReducer,
  openPicker
} from "../state/ModelPickerState"
import { useStoreChanges } from "../runtime/useStoreChanges"
import { useNavigation } from "../state/Navigation"
import { settingText } from "../state/SettingPatch"
import { useDetailIntents } from "../state/useDetailIntents"
import { useModelsOverlays } from "../state/useModelsOverlays"
import { plural } from "../text/plural"
import { theme } from "../theme/Theme"

const confirmText = (state: DetailState): string | undefined => {
  const confirm = state.confirm
  if (confirm === undefined) return undefined
  switch (confirm._tag) {
    case "RemoveModel":
      return `Delete model ${confirm.modelId}? y/n`
    case "RemoveHeader":
      return `Remove header ${confirm.name}? y/n`
    case "RemoveKeys":
      return `Remove ${confirm.keyIds.length === 1 ? "this key" : plural(confirm.keyIds.length, "key")}? y/n`
    case "RemoveFailedModels":
      return `Remove ${plural(confirm.modelIds.length, "model")} the check failed (${confirm.modelIds.join(", ")})? y/n`
    case "RemoveFailedKeys":
      return `Remove ${plural(confirm.masked.length, "key")} refused on every model (${confirm.masked.join(", ")})? y/n`
    case "RemoveGone":
      return `Remove ${plural(confirm.modelIds.length, "model")} no longer offered (${confirm.modelIds.join(", ")})? y/n`
  }
}

export const ProviderDetailScreen = ({ providerId }: { readonly providerId: string }) => {
  const navigate = useNavigation()
  const { columns, rows } = useTerminalSize()
  const [state, dispatch] = useReducer(detailReducer, initialDetail)
  const [picker, setPicker] = useState<ModelPickerState | undefined>(undefined)
  const [editor, setEditor] = useState<ModelEditorState | undefined>(undefined)
  const intents = useDetailIntents(providerId, dispatch)
  const { load } = intents
  const overlays = useModelsOverlays(dispatch, load)
  const { check, sync } = overlays

  useEffect(() => {
    void load()
  }, [load])
  useStoreChanges(() => void load())

  const pick = (action: ModelPickerAction) => setPicker((p) => (p === undefined ? p : modelPickerReducer(p, action)))
  const edit = (action: ModelEditorAction) => setEditor((e) => (e === undefined ? e : modelEditorReducer(e, action)))

  const provider = state.provider
  const bodyHeight = Math.max(4, rows - 7)

  const handlers = (p: Provider): Handlers => {
    const move: Handlers = {
      "list.up": () => dispatch({ _tag: "Move", by: -1 }),
      "list.down": () => dispatch({ _tag: "Move", by: 1 })
    }
    if (editor !== undefined) {
      const save = async () => {
        const model = p.models.find((m) => m.id === editor.modelId)
        if (model === undefined) return setEditor(undefined)
        const problem = await intents.saveModel(p, editor.modelId, modelPatch(editor, model))
        if (problem === undefined) setEditor(undefined)
        else edit({ _tag: "Rejected", row: rowOfPath(problem.field ?? "name"), problem })
      }
      const row = focusedRow(editor)
      return {
        "form.next": () => edit({ _tag: "Focus", by: 1 }),
        "form.prev": () => edit({ _tag: "Focus", by: -1 }),
        ...(isTextRow(row) ? {} : { "model.toggle": () => edit({ _tag: "Cycle" }) }),
        "model.save": () => void save(),
        "model.cancel": () => setEditor(undefined)
      }
    }
    if (picker !== undefined) {
      if (picker.searching)
        return {
          "list.up": () => pick({ _tag: "Move", by: -1 }),
          "list.down": () => pick({ _tag: "Move", by: 1 }),
          "picker.searchDone": () => pick({ _tag: "Search", searching: false }),
          "filter.clear": () => {
            pick({ _tag: "Query", value: { text: "", cursor: 0 } })
            pick({ _tag: "Search", searching: false })
          }
        }
      return {
        "list.up": () => pick({ _tag: "Move", by: -1 }),
        "list.down": () => pick({ _tag: "Move", by: 1 }),
        "list.pageUp": () => pick({ _tag: "Move", by: -bodyHeight }),
        "list.pageDown": () => pick({ _tag: "Move", by: bodyHeight }),
        "picker.mark": () => pick({ _tag: "ToggleMark" }),
        "picker.all": () => pick({ _tag: "ToggleAll" }),
        "picker.search": () => pick({ _tag: "Search", searching: true }),
        "picker.confirm": () => {
          const inputs = markedInputs(picker)
          setPicker(undefined)
          if (inputs.length > 0) void intents.addPicked(p, inputs)
        },
        "picker.cancel": () => setPicker(undefined)
      }
    }
    const confirm = state.confirm
    if (confirm !== undefined)
      return {
        "confirm.yes": () => {
          if (overlays.confirmed(p, confirm)) return
          switch (confirm._tag) {
            case "RemoveModel":
              return void intents.removeModel(p, confirm.modelId)
            case "RemoveHeader":
              return void intents.removeHeader(p, confirm.name)
            case "RemoveKeys":
              return void intents.removeKeys(p, confirm.keyIds)
          }
        },
        "confirm.no": () => dispatch({ _tag: "CancelConfirm" })
      }
    const overlay = overlays.overlayHandlers(p, state)
    if (overlay !== undefined) return overlay
    const editing = state.editing
    if (editing !== undefined)
      return {
        ...(editing.target._tag === "Type"
          ? {
              "form.choicePrev": () =>
                dispatch({ _tag: "Edited", value: textValue(cycleType(editing.value.text, -1)) }),
              "form.choiceNext": () => dispatch({ _tag: "Edited", value: textValue(cycleType(editing.value.text, 1)) })
            }
          : {}),
        "edit.save": () => void intents.saveEdit(p, editing),
        "edit.cancel": () => dispatch({ _tag: "StopEdit" })
      }

    const common: Handlers = {
      "detail.nextTab": () => dispatch({ _tag: "SwitchTab", by: 1 }),
      "detail.prevTab": () => dispatch({ _tag: "SwitchTab", by: -1 }),
      ...(state.busy === "verify" ? {} : { "detail.verify": () => void intents.verify(p) }),
      "detail.chat": () => navigate({ _tag: "Push", route: { screen: "chat", providerId: p.id } }),
      "detail.back": () => navigate({ _tag: "Back" })
    }
    switch (state.tab) {
      case "settings": {
        const setting = settingRows(p)[state.row]
        return {
          ...move,
          ...(setting === "enabled"
            ? { "detail.toggle": () => void intents.toggle(p) }
            : setting === "type"
              ? { "detail.edit": () => dispatch({ _tag: "StartEdit", target: { _tag: "Type" }, text: p.type }) }
              : setting === undefined
                ? {}
                : {
                    "detail.edit": () =>
                      dispatch({
                        _tag: "StartEdit",
                        target: { _tag: "Setting", setting },
                        text: settingText(p, setting)
                      })
                  }),
          ...common
        }
      }
      case "keys": {
        const key = p.apiKeys[state.row]
        const toRemove = state.marked.size > 0 ? [...state.marked] : key === undefined ? [] : [key.id]
        return {
          ...move,
          "keys.add": () => dispatch({ _tag: "StartEdit", target: { _tag: "NewKey" } }),
          ...(key === undefined
            ? {}
            : {
                "keys.replace": () =>
                  dispatch({ _tag: "StartEdit", target: { _tag: "ReplaceKey", keyId: key.id, masked: key.masked } }),
                "keys.mark": () => dispatch({ _tag: "ToggleMark", keyId: key.id }),
                "keys.remove": () => dispatch({ _tag: "Ask", confirm: { _tag: "RemoveKeys", keyIds: toRemove } })
              }),
          ...common
        }
      }
      case "headers": {
        const name = Object.keys(p.headers)[state.row]
        return {
          ...move,
          "headers.add": () => dispatch({ _tag: "StartEdit", target: { _tag: "NewHeader" } }),
          ...(name === undefined
            ? {}
            : { "headers.remove": () => dispatch({ _tag: "Ask", confirm: { _tag: "RemoveHeader", name } }) }),
          ...common
        }
      }
      case "models": {
        const model = p.models[state.row]
        return {
          ...move,
          "models.add": () => dispatch({ _tag: "StartEdit", target: { _tag: "AddModels" } }),
          ...(state.busy === "fetch"
            ? {}
            : {
                "models.fetch": async () => {
                  const remote = await intents.fetchRemote(p)
                  if (remote !== undefined)
                    setPicker(
                      openPicker(
                        remote,
                        p.models.map((m) => m.id)
                      )
                    )
                }
              }),
          ...(model === undefined
            ? {}
            : {
                "models.edit": () => setEditor(openEditor(model)),
                "models.remove": () => dispatch({ _tag: "Ask", confirm: { _tag: "RemoveModel", modelId: model.id } })
              }),
          ...overlays.tabHandlers(p, state),
          ...common
        }
      }
    }
  }

  const textTarget = (() => {
    if (provider === undefined) return undefined
    if (editor !== undefined) {
      const row = focusedRow(editor)
      return isTextRow(row)
        ? (input: string, key: Parameters<typeof editText>[2]) =>
            edit({ _tag: "Edit", row, value: editText(editor[row], input, key) })
        : undefined
    }
    if (check !== undefined) return state.confirm === undefined ? overlays.text : undefined
    if (picker !== undefined)
      return picker.searching
        ? (input: string, key: Parameters<typeof editText>[2]) =>
            pick({ _tag: "Query", value: editText(picker.query, input, key) })
        : undefined
    const editing = state.editing
    if (state.confirm !== undefined || editing === undefined || editing.target._tag === "Type") return undefined
    return (input: string, key: Parameters<typeof editText>[2]) =>
      dispatch({ _tag: "Edited", value: editText(editing.value, input, key) })
  })()

  const commands = useCommands(
    provider === undefined ? { "detail.back": () => navigate({ _tag: "Back" }) } : handlers(provider),
    { text: textTarget }
  )

  const keys = provider === undefined ? undefined : keyState(provider, state.lastVerify?.report)
  return (
    <Screen
      title={provider === undefined ? "Provider" : provider.name}
      aside={
        provider === undefined
          ? undefined
          : `${provider.enabled ? "on" : "off"} · ${keys?.label} · ${plural(provider.models.length, "model")}`
      }
      commands={commands}
      problem={state.problem}
      notice={state.notice}
    >
      {provider === undefined ? (
        state.problem === undefined ? (
          <Text color={theme.muted}>Loading…</Text>
        ) : null
      ) : (
        <Box flexDirection="column">
          <Tabs tabs={tabs} labels={tabLabels} current={state.tab} />
          {editor !== undefined ? (
            <ModelEditor state={editor} />
          ) : picker !== undefined ? (
            <ModelPicker state={picker} height={bodyHeight} />
          ) : check !== undefined ? (
            <ModelCheckPanel state={check} provider={provider} width={columns} height={bodyHeight - 1} />
          ) : sync !== undefined ? (
            <SyncPanel sync={sync} height={bodyHeight - 1} />
          ) : state.tab === "settings" ? (
            <SettingsTab provider={provider} row={state.row} editing={state.editing} />
          ) : state.tab === "keys" ? (
            <KeysTab
              provider={provider}
              row={state.row}
              marked={state.marked}
              editing={state.editing}
              verifying={state.busy === "verify"}
              lastVerify={state.lastVerify}
              height={bodyHeight}
            />
          ) : state.tab === "headers" ? (
            <HeadersTab provider={provider} row={state.row} editing={state.editing} height={bodyHeight} />
          ) : (
            <Box flexDirection="column">
              <ModelsTab
                provider={provider}
                row={state.row}
                editing={state.editing}
                checks={state.checks}
                height={bodyHeight - (state.busy === "fetch" || state.busy === "sync" ? 1 : 0)}
              />
              {state.busy === "fetch" ? <Spinner label="Fetching the provider's model list…" /> : null}
              {state.busy === "sync" ? <Spinner label="Reading the provider's list to compare…" /> : null}
            </Box>
          )}
          {confirmText(state) === undefined ? null : <Text color={theme.warning}>{confirmText(state)}</Text>}
        </Box>
      )}
    </Screen>
  )
}

/**
 * Which screen shows, as a stack: opening a provider or the chat pushes, Esc pops back to where the user came from.
 * `App` owns the state; screens change it through `useNavigation`.
 */
import { createContext, useContext } from "react"

export type Route =
  | { readonly screen: "providers" }
  | { readonly screen: "add" }
  | { readonly screen: "detail"; readonly providerId: string }
  | { readonly screen: "chat"; readonly providerId?: string | undefined }

export interface NavigationState {
  /** Never empty: the providers list is always at the bottom. */
  readonly stack: ReadonlyArray<Route>
  readonly help: boolean
}

export type NavigationAction =
  | { readonly _tag: "Push"; readonly route: Route }
  /** Replaces the top (adding a provider opens its detail in place of the form). */
  | { readonly _tag: "Replace"; readonly route: Route }
  | { readonly _tag: "Back" }
  /** Back to the providers list, whatever is open. */
  | { readonly _tag: "Home" }
  | { readonly _tag: "ToggleHelp" }

export const initialNavigation: NavigationState = { stack: [{ screen: "providers" }], help: false }

export const navigationReducer = (state: NavigationState, action: NavigationAction): NavigationState => {
  switch (action._tag) {
    case "Push":
      return { ...state, stack: [...state.stack, action.route] }
    case "Replace":
      return { ...state, stack: [...state.stack.slice(0, -1), action.route] }
    case "Back":
      return state.stack.length > 1 ? { ...state, stack: state.stack.slice(0, -1) } : state
    case "Home":
      return initialNavigation
    case "ToggleHelp":
      return { ...state, help: !state.help }
  }
}

export const currentRoute = (state: NavigationState): Route => state.stack[state.stack.length - 1]!

export const Navigation = createContext<(action: NavigationAction) => void>(() => {})

export const useNavigation = () => useContext(Navigation)

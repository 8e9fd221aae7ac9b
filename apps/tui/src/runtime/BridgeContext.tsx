/**
 * The bridge as React context: `Root` provides it once, components call `useBridge`.
 */
import { createContext, type ReactNode, useContext } from "react"
import type { Bridge } from "./Bridge"

const BridgeContext = createContext<Bridge | undefined>(undefined)

export const BridgeProvider = ({ bridge, children }: { readonly bridge: Bridge; readonly children: ReactNode }) => (
  <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>
)

export const useBridge = (): Bridge => {
  const bridge = useContext(BridgeContext)
  if (bridge === undefined) throw new Error("useBridge needs a BridgeProvider above it")
  return bridge
}

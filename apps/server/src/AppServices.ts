/**
 * What the server needs from the core: the services its handlers call. The app's `ManagedRuntime` provides exactly
 * these, built once at start from the core's embedded layer (`main.ts`) or an in-memory one (tests).
 */
import type { ManagedRuntime } from "effect"
import type { Chat } from "@switchboard/core/Chat"
import type { Conversations } from "@switchboard/core/Conversations"
import type { Models } from "@switchboard/core/Models"
import type { Providers } from "@switchboard/core/Providers"
import type { Relay } from "@switchboard/core/Relay"
import type { StoreHealth } from "@switchboard/core/StoreHealth"

export type AppServices = Providers | Models | Chat | Conversations | Relay | StoreHealth

export type AppRuntime = ManagedRuntime.ManagedRuntime<AppServices, unknown>

/**
 * Shorthands for the effects screens and commands run through the bridge: a call on the `Providers` or `Chat`
 * service, written as a function of the service.
 */
import { Chat, type ChatService } from "@switchboard/core/Chat"
import { Providers, type ProvidersService } from "@switchboard/core/Providers"
import { Effect } from "effect"

export const providers = <A, E>(f: (service: ProvidersService) => Effect.Effect<A, E>) => Effect.flatMap(Providers, f)

export const chat = <A, E>(f: (service: ChatService) => Effect.Effect<A, E>) => Effect.flatMap(Chat, f)

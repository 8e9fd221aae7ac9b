/**
 * Shorthands for the effects screens and commands run through the bridge: a call on the `Providers`, `Models`,
 * `Chat` or `Conversations` service, written as a function of the service.
 */
import { Chat, type ChatService } from "@switchboard/core/Chat"
import { Conversations, type ConversationsService } from "@switchboard/core/Conversations"
import { Models, type ModelsService } from "@switchboard/core/Models"
import { Providers, type ProvidersService } from "@switchboard/core/Providers"
import { Effect } from "effect"

export const providers = <A, E>(f: (service: ProvidersService) => Effect.Effect<A, E>) => Effect.flatMap(Providers, f)

export const models = <A, E>(f: (service: ModelsService) => Effect.Effect<A, E>) => Effect.flatMap(Models, f)

export const chat = <A, E>(f: (service: ChatService) => Effect.Effect<A, E>) => Effect.flatMap(Chat, f)

export const conversations = <A, E>(f: (service: ConversationsService) => Effect.Effect<A, E>) =>
  Effect.flatMap(Conversations, f)

/**
 * A message as a frontend may write it: the neutral `ChatMessage`, or, for the common case, a system, user or
 * assistant message whose `content` is a plain string (`{"role": "user", "content": "Hi"}`). Decoding gives the
 * neutral message either way.
 */
import { Schema } from "effect"
import { AssistantMessage, ChatMessage, SystemMessage, ToolMessage, UserMessage } from "./ChatRequest"

const UserInput = Schema.Struct({
  role: Schema.Literal("user"),
  content: Schema.Union(Schema.String, UserMessage.fields.content)
})
const AssistantInput = Schema.Struct({
  role: Schema.Literal("assistant"),
  content: Schema.Union(Schema.String, AssistantMessage.fields.content)
})

const WrittenMessage = Schema.Union(SystemMessage, UserInput, AssistantInput, ToolMessage)

export const MessageInput = Schema.transform(WrittenMessage, Schema.typeSchema(ChatMessage), {
  strict: true,
  decode: (message): ChatMessage =>
    (message.role === "user" || message.role === "assistant") && typeof message.content === "string"
      ? { role: message.role, content: [{ type: "text", text: message.content }] }
      : (message as ChatMessage),
  encode: (message) => message
})
export type MessageInput = typeof MessageInput.Encoded

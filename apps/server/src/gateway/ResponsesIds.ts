/**
 * The ids of a translated Responses answer, and what they carry. The gateway stores nothing, yet Responses clients
 * refer back to earlier output by id: the Vercel AI SDK, unless told `store: false`, sends an `item_reference` in place
 * of every item an earlier answer gave it. So wherever an item is whole when its id is written (every item of a
 * complete answer; a streamed function call, written at its end), the id carries the item, and a reference to it is
 * read from the id alone. The rest (a streamed message or reasoning, whose id goes out before its text) get plain
 * ids, which carry nothing. A reasoning item's signature rides in `encrypted_content` too, the spec's own place for
 * reasoning sent back without storage.
 */
import { randomUUID } from "node:crypto"
import { Either, Schema } from "effect"

const random = () => randomUUID().replaceAll("-", "")

/** A response's id. */
export const responseId = () => `resp_${random()}`

const prefixes = { message: "msg", function_call: "fc", reasoning: "rs" } as const

export type ItemKind = keyof typeof prefixes

/** An id that carries nothing, for an item whose content is not known yet. */
export const plainId = (kind: ItemKind) => `${prefixes[kind]}_${random()}`

/** Who signed a signature (the provider type), and the signature or Anthropic's redacted thinking. */
const Signed = {
  signature: Schema.optional(Schema.String),
  redacted: Schema.optional(Schema.String),
  signedBy: Schema.optional(Schema.String)
}

/** What a carrying id holds: enough of the item to send it back to any provider. */
export const CarriedItem = Schema.Union(
  Schema.Struct({ type: Schema.Literal("message"), text: Schema.String }),
  Schema.Struct({
    type: Schema.Literal("function_call"),
    call_id: Schema.String,
    name: Schema.String,
    arguments: Schema.String,
    ...Signed
  }),
  Schema.Struct({ type: Schema.Literal("reasoning"), text: Schema.String, ...Signed })
)
export type CarriedItem = typeof CarriedItem.Type

/** Separates a carrying id's kind from its content: never in a plain id, nor in base64url. */
const marker = "_sb."

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url")

const decodeJson = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknownEither(Schema.parseJson(schema))
  return (base64: string): A | undefined =>
    Either.getOrUndefined(decode(Buffer.from(base64, "base64url").toString("utf8")))
}

/** The id of an item, carrying it. */
export const carryingId = (item: CarriedItem) => `${prefixes[item.type]}${marker}${encode(item)}`

const readItem = decodeJson(CarriedItem)

/** The item an id carries; `undefined` for a plain id, a foreign one, or one that was tampered with. */
export const carriedItem = (id: string): CarriedItem | undefined => {
  const at = id.indexOf(marker)
  if (at === -1) return undefined
  const item = readItem(id.slice(at + marker.length))
  return item !== undefined && prefixes[item.type] === id.slice(0, at) ? item : undefined
}

const SignedContent = Schema.Struct(Signed)
export type SignedContent = typeof SignedContent.Type

const contentMark = "sb."

/** A reasoning item's `encrypted_content`: its signature and signer, for a client that sends the item back whole. */
export const sealedSignature = (signed: SignedContent) => `${contentMark}${encode(signed)}`

const readSigned = decodeJson(SignedContent)

/** The signature an `encrypted_content` holds, when the gateway wrote it (OpenAI's own is opaque to it). */
export const openedSignature = (content: string): SignedContent | undefined =>
  content.startsWith(contentMark) ? readSigned(content.slice(contentMark.length)) : undefined

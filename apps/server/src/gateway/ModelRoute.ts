/**
 * Where a gateway request goes: its `model` is `<provider id>/<model id>`, as `GET /v1/models` lists them. Every entry
 * point reads it the same way, and a request relayed as it is must be only the least its entry point checks (the rest
 * is the upstream's to judge, and its refusal comes back in its own words).
 */
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { Either, Schema } from "effect"

export interface Target {
  readonly provider: string
  readonly model: string
}

/**
 * Splits `<provider id>/<model id>` at the first `/`: provider ids never contain one, model ids often do
 * (`my-vllm/meta-llama/Llama-3.1-8B-Instruct`).
 */
export const splitModel = (model: string): Target | undefined => {
  const slash = model.indexOf("/")
  if (slash <= 0 || slash === model.length - 1) return undefined
  return { provider: model.slice(0, slash), model: model.slice(slash + 1) }
}

/** The provider and model `model` names, or the refusal that says how to write it. */
export const targetOf = (model: string): Either.Either<Target, InvalidInput> => {
  const target = splitModel(model)
  return target === undefined
    ? Either.left(
        new InvalidInput({
          field: "model",
          problem: 'must be "<provider id>/<model id>", as GET /v1/models lists them (for example "my-vllm/gpt2")'
        })
      )
    : Either.right(target)
}

export interface Routed extends Target {
  readonly stream: boolean
  /** The body as the client sent it, for the relay. */
  readonly body: Readonly<Record<string, unknown>>
}

/** What every routed request has: a model, and whether it asks for a stream. */
type Least = { readonly model: string; readonly stream?: boolean | null | undefined }

/** Routes a body that `schema` accepts: `schema` is the least a request must be to be sent on as it is. */
export const relayRoute = <A extends Least, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknownEither(schema, { errors: "first" })
  return (body: unknown): Either.Either<Routed, InvalidInput> =>
    Either.flatMap(Either.mapLeft(decode(body), toInvalidInput), (request) =>
      Either.map(targetOf(request.model), (target) => ({
        ...target,
        stream: request.stream === true,
        body: body as Record<string, unknown>
      }))
    )
}

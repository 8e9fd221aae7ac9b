/**
 * Builds the OpenAPI 3.1 document from a table of operations whose bodies and answers are the very Schemas the
 * routes validate with (`JSONSchema.make` from `effect`), so the document cannot drift from what the server accepts.
 * Each Schema's definitions are hoisted into `components.schemas`.
 */
import { JSONSchema, type Schema } from "effect"

export interface Operation {
  readonly method: "get" | "post" | "put" | "patch" | "delete"
  /** OpenAPI path (`/api/providers/{id}`). */
  readonly path: string
  readonly tag: string
  readonly summary: string
  readonly description?: string
  readonly body?: Schema.Schema.Any
  /** An empty body is allowed (every field optional). */
  readonly bodyOptional?: boolean
  readonly query?: Schema.Schema.Any
  readonly headers?: ReadonlyArray<{ readonly name: string; readonly description: string }>
  readonly response: {
    readonly status: number
    readonly description: string
    readonly schema?: Schema.Schema.Any
    /** `text/event-stream` answers describe their events in `description`. */
    readonly contentType?: string
  }
  /** Guarded by the bearer token (everything under /api and /v1). */
  readonly auth: boolean
  /** Errors in OpenAI's shape rather than Switchboard's. */
  readonly openAiErrors?: boolean
  /** Errors in Anthropic's shape (`/v1/messages`), and the token taken as `x-api-key` too, as Anthropic's SDKs send it. */
  readonly anthropic?: boolean
}

type Json = Record<string, unknown>

const collector = () => {
  const components: Record<string, unknown> = {}
  const toJson = (schema: Schema.Schema.Any): Json => {
    const {
      $defs,
      $schema: _,
      ...root
    } = JSONSchema.make(schema, { target: "openApi3.1" }) as unknown as Json & {
      $defs?: Record<string, unknown>
      $schema?: string
    }
    const rewrite = (value: unknown): Json =>
      JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'))
    for (const [name, definition] of Object.entries($defs ?? {})) components[name] ??= rewrite(definition)
    return rewrite(root)
  }
  return { components, toJson }
}

const pathParameters = (path: string) =>
  [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    description: name === "modelId" ? "The model id, URL-encoded (`/` as %2F, `:` as %3A)." : undefined,
    schema: { type: "string" }
  }))

export const makeDocument = (
  info: { readonly title: string; readonly version: string; readonly description: string },
  operations: ReadonlyArray<Operation>,
  errors: {
    readonly rest: Schema.Schema.Any
    readonly openAi: Schema.Schema.Any
    readonly anthropic: Schema.Schema.Any
  }
) => {
  const { components, toJson } = collector()
  const restError = toJson(errors.rest)
  const openAiError = toJson(errors.openAi)
  const anthropicError = toJson(errors.anthropic)
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of operations) {
    const query = op.query === undefined ? undefined : toJson(op.query)
    const queryProps = (query?.properties ?? {}) as Record<string, unknown>
    const required = new Set((query?.required ?? []) as ReadonlyArray<string>)
    const errorSchema = op.anthropic ? anthropicError : op.openAiErrors ? openAiError : restError
    paths[op.path] ??= {}
    paths[op.path]![op.method] = {
      tags: [op.tag],
      summary: op.summary,
      ...(op.description === undefined ? {} : { description: op.description }),
      operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
      parameters: [
        ...pathParameters(op.path),
        ...Object.entries(queryProps).map(([name, schema]) => ({
          name,
          in: "query",
          required: required.has(name),
          schema
        })),
        ...(op.headers ?? []).map((h) => ({
          name: h.name,
          in: "header",
          required: false,
          description: h.description,
          schema: { type: "string" }
        }))
      ],
      ...(op.body === undefined
        ? {}
        : {
            requestBody: {
              required: op.bodyOptional !== true,
              content: { "application/json": { schema: toJson(op.body) } }
            }
          }),
      responses: {
        [op.response.status]: {
          description: op.response.description,
          ...(op.response.schema === undefined && op.response.contentType === undefined
            ? {}
            : {
                content: {
                  [op.response.contentType ?? "application/json"]:
                    op.response.schema === undefined
                      ? { schema: { type: "string" } }
                      : { schema: toJson(op.response.schema) }
                }
              })
        },
        default: {
          description: "An error: see the status and `error.code`.",
          content: { "application/json": { schema: errorSchema } }
        }
      },
      ...(op.auth ? (op.anthropic ? { security: [{ bearer: [] }, { apiKey: [] }] } : {}) : { security: [] })
    }
  }
  return {
    openapi: "3.1.0",
    info,
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description:
            "The token the server printed at start (SWITCHBOARD_TOKEN, or the generated one in the data directory)."
        },
        apiKey: {
          type: "apiKey",
          in: "header",
          name: "x-api-key",
          description: "The same token, as Anthropic's SDKs send a key: taken on the Messages endpoints."
        }
      }
    }
  }
}

/**
 * `/api/export` and `/api/import`: the whole configuration as one JSON document. `GET /api/export` leaves keys out;
 * `POST /api/export` with `{"passphrase"}` includes them sealed with it. `POST /api/import` takes the document as
 * the body (what export returned, unchanged) and the passphrase, if the document carries keys, in the
 * `X-Switchboard-Passphrase` header — never in the URL, where it would end up in logs and history. The core validates
 * the whole document before writing anything.
 */
import { ConfigDocument, type ConfigDocumentJson } from "@switchboard/core/ConfigDocument"
import { Providers } from "@switchboard/core/Providers"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import type { AppServices } from "../AppServices"
import { jsonBody, untrusted } from "../Body"
import type { Runner } from "../Runner"
import { providerView } from "@switchboard/core/domain/ProviderView"

export const passphraseHeader = "x-switchboard-passphrase"

/**
 * The largest import body. An import is decoded and sealed in one piece, which every other request waits behind; a
 * configuration of a hundred providers with hundreds of models each is well under it (the core also caps the count of
 * providers, `maxImportProviders`).
 */
export const maxImportBytes = 2 * 1024 * 1024

export const ExportBody = Schema.Struct({
  /** Seals every key with this passphrase; at least 8 characters. */
  passphrase: Schema.String
})

const encodeDocument = Schema.encodeSync(ConfigDocument)

export const exportRoutes = (runner: Runner<AppServices>) =>
  new Hono()
    .get("/", (c) =>
      runner.run(
        c,
        Effect.flatMap(Providers, (p) => p.exportConfig()),
        (document) => c.json(encodeDocument(document), 200)
      )
    )
    .post("/", jsonBody(ExportBody), (c) => {
      const { passphrase } = c.req.valid("json")
      return runner.run(
        c,
        Effect.flatMap(Providers, (p) => p.exportConfig({ passphrase })),
        (document) => c.json(encodeDocument(document), 200)
      )
    })

/** The document is validated by the core (it knows the format and its versions); here it is only parsed. */
export const importRoutes = (runner: Runner<AppServices>) =>
  new Hono().post("/", jsonBody(Schema.Unknown, { maxBytes: maxImportBytes }), (c) => {
    const document = untrusted<ConfigDocumentJson>(c.req.valid("json"))
    const passphrase = c.req.header(passphraseHeader)
    return runner.run(
      c,
      Effect.flatMap(Providers, (p) =>
        p.importConfig(document, passphrase === undefined || passphrase === "" ? {} : { passphrase })
      ),
      (providers) => c.json(providers.map(providerView), 200)
    )
  })

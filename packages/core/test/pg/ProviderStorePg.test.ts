import { Layer } from "effect"
import * as ProviderDocument from "../../src/ProviderDocument"
import * as ProviderStorePg from "../../src/pg/ProviderStorePg"
import * as Secrets from "../../src/Secrets"
import { providerStoreSuite } from "../ProviderStoreSuite"
import { describePg, freshDatabase } from "./pgDatabase"

describePg("ProviderStorePg", () => {
  providerStoreSuite(
    "ProviderStorePg.layer (cached)",
    ProviderStorePg.layer.pipe(Layer.provide(Layer.merge(freshDatabase, Secrets.layerTest)))
  )

  providerStoreSuite(
    "ProviderStorePg.layerUncached",
    ProviderStorePg.layerUncached.pipe(
      Layer.provide(ProviderDocument.layer),
      Layer.provide(Layer.merge(freshDatabase, Secrets.layerTest))
    )
  )
})

import { Layer } from "effect"
import { layer } from "../../src/pg/ConversationStorePg"
import { conversationStoreSuite } from "../ConversationStoreSuite"
import { describePg, freshDatabase } from "./pgDatabase"

describePg("ConversationStorePg", () => {
  conversationStoreSuite("PostgreSQL", () => Layer.provideMerge(layer, freshDatabase))
})

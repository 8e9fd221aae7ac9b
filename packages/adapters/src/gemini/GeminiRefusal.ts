/**
 * A request the adapter will not send because Gemini cannot express it (a JSON Schema keyword its `Schema` lacks, a
 * conversation with nothing to send). Found while building the body, so the user hears it at once, by field, rather
 * than as Google's 400 after a round trip, or not at all when Gemini would quietly ignore the part.
 */
export class Refusal {
  readonly _tag = "Refusal"
  /** `detail` starts with the request field it is about (`messages`, `tools[0].parameters`, …). */
  constructor(readonly detail: string) {}
}

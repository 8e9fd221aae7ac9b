/**
 * The chat footer's cost: shown where the model's prices are known (here, set by the user), after the tokens, and the
 * same once the conversation is reopened from the store; absent where no price is known.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { providers } from "../../src/runtime/Core"
import { keys, renderTui, type Tui } from "../support/renderTui"
import { startUpstream, type Upstream } from "../support/VllmUpstream"

let upstream: Upstream
let tui: Tui | undefined

beforeAll(async () => {
  upstream = await startUpstream()
})
afterAll(() => upstream.close())
afterEach(async () => {
  await tui?.dispose()
  tui = undefined
})

const openChat = async (priced: boolean) => {
  tui = await renderTui({ providers: [{ name: "Local", type: "openai", baseUrl: upstream.url, models: ["gpt2"] }] })
  if (priced)
    // 12 tokens in at 1,000 and 5 out at 2,000 per million: $0.022.
    await tui.core(
      providers((p) => p.updateModel("local", "gpt2", { pricing: { currency: "USD", input: 1000, output: 2000 } }))
    )
  await tui.waitFor("Local")
  await tui.press("c")
  await tui.waitFor("Local / gpt2")
  return tui
}

describe("ChatScreen cost", () => {
  it("shows the answer's cost after its tokens, live and reopened", async () => {
    const t = await openChat(true)
    await t.type("Say hello")
    await t.press(keys.enter)
    await t.waitFor(/in 12 · out 5 tokens · \$0\.0220 · first token/)
    await t.press(keys.ctrl("n"))
    await t.waitFor("New conversation")
    await t.press(keys.ctrl("o"))
    await t.waitFor("Earlier conversations")
    await t.press(keys.enter)
    await t.waitFor(/in 12 · out 5 tokens · \$0\.0220/)
  })

  it("shows no cost where no price is known", async () => {
    const t = await openChat(false)
    await t.type("Say hello")
    await t.press(keys.enter)
    const screen = await t.waitFor("out 5 tokens")
    expect(screen).not.toContain("$")
  })
})

import { describe, expect, it } from "vitest"
import { type Handlers, resolveCommand, splitLines } from "../../src/keys/useCommands"
import { noKey } from "../support/inkKey"

const plain = noKey

const noop = () => {}

describe("resolveCommand", () => {
  const handlers: Handlers = { "providers.add": noop, "providers.open": noop, "app.help": noop }

  it("finds the command of a key among the handled ones, in order", () => {
    expect(resolveCommand(handlers, "a", plain, false)).toBe("providers.add")
    expect(resolveCommand(handlers, "", { ...plain, return: true }, false)).toBe("providers.open")
    expect(resolveCommand(handlers, "z", plain, false)).toBeUndefined()
  })

  it("lets printable keys through to a focused text field, but not named ones", () => {
    expect(resolveCommand(handlers, "a", plain, true)).toBeUndefined()
    expect(resolveCommand(handlers, "?", plain, true)).toBeUndefined()
    expect(resolveCommand(handlers, "g", { ...plain, ctrl: true }, true)).toBe("app.help")
    expect(resolveCommand(handlers, "", { ...plain, return: true }, true)).toBe("providers.open")
  })

  it("skips commands switched off with undefined", () => {
    expect(resolveCommand({ "app.help": undefined }, "?", plain, false)).toBeUndefined()
  })
})

describe("splitLines", () => {
  it("keeps a single key or plain text whole", () => {
    expect(splitLines("a", plain)).toEqual([["a", plain]])
    expect(splitLines("gpt2", plain)).toEqual([["gpt2", plain]])
  })

  it("turns line breaks read together with text into Enter presses", () => {
    const presses = splitLines("gpt2\rnext\r\n", plain)
    expect(presses.map(([input, key]) => [input, key.return])).toEqual([
      ["gpt2", false],
      ["", true],
      ["next", false],
      ["", true]
    ])
  })
})

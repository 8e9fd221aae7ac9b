import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { imageType, readImage, writeNewFile } from "../../src/runtime/files"

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-files-"))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const png = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13])

describe("imageType", () => {
  it("knows PNG, JPEG, GIF and WebP by their bytes", () => {
    expect(imageType(png)).toBe("image/png")
    expect(imageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg")
    expect(imageType(Buffer.from("GIF89a...", "latin1"))).toBe("image/gif")
    expect(imageType(Buffer.from("RIFF\0\0\0\0WEBPVP8 ", "latin1"))).toBe("image/webp")
    expect(imageType(Buffer.from("%PDF-1.7", "latin1"))).toBeUndefined()
  })
})

describe("readImage", () => {
  it("reads an image by its content, whatever its name", async () => {
    writeFileSync(join(dir, "shot.txt"), png)
    const read = await readImage(join(dir, "shot.txt"))
    expect(read).toEqual({
      ok: true,
      value: { name: "shot.txt", mediaType: "image/png", base64: png.toString("base64") }
    })
  })

  it("refuses what is no image, a file too large, and a missing one, naming the path", async () => {
    writeFileSync(join(dir, "notes.png"), "hello")
    expect(await readImage(join(dir, "notes.png"))).toEqual({
      ok: false,
      message: `${join(dir, "notes.png")} is not a PNG, JPEG, GIF or WebP image`
    })
    writeFileSync(join(dir, "huge.png"), Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]))
    expect(await readImage(join(dir, "huge.png"))).toMatchObject({
      ok: false,
      message: expect.stringContaining("larger than 5 MiB")
    })
    expect(await readImage(join(dir, "gone.png"))).toMatchObject({
      ok: false,
      message: expect.stringContaining("does not exist")
    })
  })
})

describe("writeNewFile", () => {
  it("writes a new file and never over an existing one", async () => {
    const path = join(dir, "chat.md")
    expect(await writeNewFile(path, "# Hi\n")).toEqual({ ok: true, value: path })
    expect(readFileSync(path, "utf8")).toBe("# Hi\n")
    expect(await writeNewFile(path, "other")).toEqual({
      ok: false,
      message: `${path} exists already; type another name`
    })
    expect(readFileSync(path, "utf8")).toBe("# Hi\n")
  })
})

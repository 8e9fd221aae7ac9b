/**
 * The files the chat reads and writes on the user's behalf: an exported conversation (never over an existing file),
 * and an image to attach (bounded, and accepted by its bytes, not its name). Paths are relative to the directory the
 * TUI was started in, `~` is the home directory, and every message names the absolute path.
 */
import { maxMediaBytes } from "@switchboard/core/domain/ChatRequest"
import { open, writeFile } from "node:fs/promises"
import { homedir } from "node:os"
import { basename, resolve } from "node:path"

/** `path` as the user typed it, made absolute. */
export const absolutePath = (path: string): string => resolve(path.trim().replace(/^~(?=$|\/)/, homedir()))

const reason = (error: unknown): string => {
  const code = (error as { readonly code?: string }).code
  if (code === "EEXIST") return "exists already; type another name"
  if (code === "ENOENT") return "does not exist (or its folder does not)"
  if (code === "EACCES" || code === "EPERM") return "is not allowed"
  if (code === "EISDIR") return "is a folder; type a file name"
  return error instanceof Error ? error.message : String(error)
}

export type FileOutcome<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly message: string }

/** Writes `text` to a new file at `path`; its absolute path, or why not. */
export const writeNewFile = async (path: string, text: string): Promise<FileOutcome<string>> => {
  const target = absolutePath(path)
  try {
    await writeFile(target, text, { flag: "wx" })
    return { ok: true, value: target }
  } catch (error) {
    return { ok: false, message: `${target} ${reason(error)}` }
  }
}

/** The image types every vision protocol takes, told apart by their first bytes. */
const signatures: ReadonlyArray<{ readonly mediaType: string; readonly matches: (head: Buffer) => boolean }> = [
  { mediaType: "image/png", matches: (h) => h.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])) },
  { mediaType: "image/jpeg", matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { mediaType: "image/gif", matches: (h) => ["GIF87a", "GIF89a"].includes(h.subarray(0, 6).toString("latin1")) },
  {
    mediaType: "image/webp",
    matches: (h) => h.subarray(0, 4).toString("latin1") === "RIFF" && h.subarray(8, 12).toString("latin1") === "WEBP"
  }
]

/** The media type of an image's first bytes, if it is one the chat sends. */
export const imageType = (head: Buffer): string | undefined => signatures.find((s) => s.matches(head))?.mediaType

export interface ImageFile {
  readonly name: string
  readonly mediaType: string
  readonly base64: string
}

/** Reads the image at `path`: at most `maxMediaBytes`, PNG, JPEG, GIF or WebP by its content. */
export const readImage = async (path: string): Promise<FileOutcome<ImageFile>> => {
  const target = absolutePath(path)
  try {
    const file = await open(target, "r")
    try {
      // One byte more than allowed tells a file too large without reading all of it.
      const buffer = Buffer.alloc(maxMediaBytes + 1)
      const { bytesRead } = await file.read(buffer, 0, buffer.length, 0)
      if (bytesRead > maxMediaBytes)
        return {
          ok: false,
          message: `${target} is larger than ${maxMediaBytes / 2 ** 20} MiB, the most an image may be`
        }
      const bytes = buffer.subarray(0, bytesRead)
      const mediaType = imageType(bytes)
      if (mediaType === undefined) return { ok: false, message: `${target} is not a PNG, JPEG, GIF or WebP image` }
      return { ok: true, value: { name: basename(target), mediaType, base64: bytes.toString("base64") } }
    } finally {
      await file.close()
    }
  } catch (error) {
    return { ok: false, message: `${target} ${reason(error)}` }
  }
}

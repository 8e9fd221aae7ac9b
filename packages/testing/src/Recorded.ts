/**
 * The recorded provider responses in `conformance/recorded/` of this package (read-only, third-party data): reading a
 * file, framing it as an HTTP body the way `recorded/README.md` prescribes, and parsing its JSON payloads so a test
 * can compute the expected neutral events from the file itself instead of hard-coding them.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

/** Where the recorded files live: the in-repo copy, found from this file; `SWITCHBOARD_RECORDED_DIR` overrides it. */
export const recordedDir =
  process.env.SWITCHBOARD_RECORDED_DIR ?? fileURLToPath(new URL("../conformance/recorded", import.meta.url))

/**
 * How a file becomes a response body:
 * - `sse`: sent as is (the `SSE`, `SSE+event` and `SSE-CRLF` files),
 * - `openai`: JSONL framed `data: <line>\n\n` per line, then `data: [DONE]\n\n` (OpenAI, Azure, OpenAI-compatible),
 * - `anthropic`: JSONL framed `event: <obj.type>\ndata: <line>\n\n` per line (Anthropic, and OpenAI's Responses API),
 * - `gemini`: JSONL framed `data: <line>\r\n\r\n` per line,
 * - `json`: one JSON document, sent as `application/json` with its status.
 */
export type Framing = "sse" | "openai" | "anthropic" | "gemini" | "json"

/** A recorded file's text, by its path relative to the recorded folder (`openai/openai-text.json`). */
export const readRecorded = (file: string): string => Fs.readFileSync(Path.join(recordedDir, file), "utf8")

/** The files of one folder (`openai`, `azure`, …), README excluded, sorted. */
export const recordedFiles = (folder: string): ReadonlyArray<string> =>
  Fs.readdirSync(Path.join(recordedDir, folder))
    .filter((name) => !name.toLowerCase().startsWith("readme"))
    .sort()
    .map((name) => `${folder}/${name}`)

const jsonlLines = (raw: string): ReadonlyArray<string> =>
  raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")

/** Frames a recorded body for replay (see `Framing`). */
export const frame = (raw: string, framing: Framing): string => {
  switch (framing) {
    case "sse":
    case "json":
      return raw
    case "openai":
      return `${jsonlLines(raw)
        .map((line) => `data: ${line}\n\n`)
        .join("")}data: [DONE]\n\n`
    case "anthropic":
      return jsonlLines(raw)
        .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`)
        .join("")
    case "gemini":
      return jsonlLines(raw)
        .map((line) => `data: ${line}\r\n\r\n`)
        .join("")
  }
}

/** The framing `recorded/README.md` gives a file, from its folder and name. */
export const framingOf = (file: string): Framing => {
  const folder = file.split("/")[0]
  if (file.endsWith(".json")) return "json"
  if (file.endsWith(".chunks.txt")) {
    if (folder === "anthropic" || folder === "openai-responses") return "anthropic"
    if (folder === "gemini") return "gemini"
    return "openai"
  }
  return "sse"
}

/**
 * The JSON payloads of a streamed file, in order: each JSONL line, or each `data:` field of an SSE file (`[DONE]`
 * and text that is not JSON skipped). Parsed here with nothing but `JSON.parse`, independent of the adapters.
 */
export const payloads = (file: string): ReadonlyArray<unknown> => {
  const raw = readRecorded(file)
  const lines =
    framingOf(file) === "sse"
      ? raw
          .split(/\r?\n/)
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trim())
      : jsonlLines(raw)
  const out: Array<unknown> = []
  for (const line of lines) {
    if (line === "[DONE]") continue
    try {
      out.push(JSON.parse(line))
    } catch {
      // Not JSON (a trailing raw fragment): the payload list is for expectations, the replay keeps the bytes.
    }
  }
  return out
}

/** A recorded JSON document (`*.json`). */
export const recordedJson = (file: string): unknown => JSON.parse(readRecorded(file))

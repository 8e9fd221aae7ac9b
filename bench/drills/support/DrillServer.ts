/**
 * Switchboard's built server for a drill: its data directory lives in the drill's evidence, and everything it
 * prints and every answer it gives through `call` is recorded there, for the secrets check.
 */
import { inject } from "vitest"
import { type Switchboard, type SwitchboardOptions, startSwitchboard } from "../../src/Switchboard"
import { type Evidence, openEvidence } from "./Evidence"

export const drillEvidence = (drill: string): Evidence => openEvidence(inject("evidenceDir"), drill)

/** Records an answer the drill read some other way (a raw stream, a hand-made request). */
export const recordResponse = (evidence: Evidence, what: string, status: number, text: string) =>
  evidence.record("responses", `${what} -> ${status}\n${text}`)

export const startDrillServer = async (
  evidence: Evidence,
  options: SwitchboardOptions & { readonly name?: string } = {}
): Promise<Switchboard> => {
  const server = await startSwitchboard({
    ...options,
    dataDir: options.dataDir ?? evidence.dataDir(options.name ?? "server")
  })
  let logged = 0
  const saveLog = () => {
    const output = server.output()
    evidence.record("server-log", output.slice(logged))
    logged = output.length
  }
  return {
    ...server,
    call: async (method, path, body, headers) => {
      const answer = await server.call(method, path, body, headers)
      const shown = [...answer.headers].map(([name, value]) => `${name}: ${value}`).join("\n")
      recordResponse(evidence, `${method} ${path}\n${shown}`, answer.status, answer.text)
      return answer
    },
    stop: async () => {
      await server.stop()
      saveLog()
    },
    kill: async () => {
      await server.kill()
      saveLog()
    }
  }
}

/**
 * Runs `switchboard <args>` in-process on one core (in memory unless given; shared across the calls of one
 * `commandRunner`, like one data directory), capturing stdout, stderr and the exit code; stdin is a terminal unless
 * `runWith` pipes text in. No one answers questions unless `runAnswering` gives the answer (as in a script).
 */
import { type Layer, ManagedRuntime } from "effect"
import { runCli } from "../../src/cli/Cli"
import { type Core, memory, type StartError } from "../../src/runtime/AppLayer"
import { makeBridge } from "../../src/runtime/Bridge"

export interface CommandResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** `core`: the in-memory core unless a test needs another (a data directory on disk, say). */
export const commandRunner = (core: Layer.Layer<Core, StartError> = memory()) => {
  const runtime = ManagedRuntime.make(core)
  const bridge = makeBridge(runtime)
  /** Runs with `stdin` piped in (a string), or with stdin a terminal (`undefined`). */
  const runWith = (stdin: string | undefined, args: ReadonlyArray<string>) => runIo(stdin, undefined, args)
  /** Runs at a terminal where the person answers every question with `answer`; `asked` lists the questions. */
  const runAnswering = async (answer: boolean, args: ReadonlyArray<string>) => {
    const asked: Array<string> = []
    const result = await runIo(
      undefined,
      (question) => {
        asked.push(question)
        return Promise.resolve(answer)
      },
      args
    )
    return { ...result, asked }
  }
  const runIo = async (
    stdin: string | undefined,
    confirm: ((question: string) => Promise<boolean>) | undefined,
    args: ReadonlyArray<string>
  ): Promise<CommandResult> => {
    let stdout = ""
    let stderr = ""
    const code = await runCli(args, bridge, {
      out: (text) => {
        stdout += text
      },
      err: (text) => {
        stderr += text
      },
      input: () => Promise.resolve(stdin),
      ...(confirm === undefined ? {} : { confirm })
    })
    return { code, stdout, stderr }
  }
  const run = (...args: ReadonlyArray<string>) => runWith(undefined, args)
  return { run, runWith, runAnswering, dispose: () => runtime.dispose() }
}

export type CommandRunner = ReturnType<typeof commandRunner>

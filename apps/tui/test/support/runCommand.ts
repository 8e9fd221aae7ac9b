/**
 * Runs `switchboard <args>` in-process on an in-memory core (shared across the calls of one `commandRunner`, like
 * one data directory), capturing stdout, stderr and the exit code.
 */
import { ManagedRuntime } from "effect"
import { runCli } from "../../src/cli/Cli"
import { memory } from "../../src/runtime/AppLayer"
import { makeBridge } from "../../src/runtime/Bridge"

export interface CommandResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export const commandRunner = () => {
  const runtime = ManagedRuntime.make(memory())
  const bridge = makeBridge(runtime)
  const run = async (...args: ReadonlyArray<string>): Promise<CommandResult> => {
    let stdout = ""
    let stderr = ""
    const code = await runCli(args, bridge, {
      out: (text) => {
        stdout += text
      },
      err: (text) => {
        stderr += text
      }
    })
    return { code, stdout, stderr }
  }
  return { run, dispose: () => runtime.dispose() }
}

export type CommandRunner = ReturnType<typeof commandRunner>

/**
 * What the kernel says about a process: resident memory (`VmRSS`), CPU time used so far, and open sockets. Read from
 * `/proc`, so it measures the real server process from outside, with no hook inside it.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs"

/** Resident set size in bytes. */
export const rssBytes = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("VmRSS:"))
  if (line === undefined) throw new Error(`no VmRSS for process ${pid}`)
  return Number(line.replace(/\D+/g, "")) * 1024
}

// Clock ticks per second of /proc's CPU times; 100 on every Linux this runs on.
const ticksPerSecond = 100

/** User + system CPU time in milliseconds. */
export const cpuMs = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
  // Fields after the command name (which may contain spaces) start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
}

/** Open socket file descriptors of the process. */
export const socketCount = (pid: number): number =>
  readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith("socket:")
    } catch {
      return false
    }
  }).length

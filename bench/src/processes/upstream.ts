/**
 * The upstream in a process of its own, so the load generator and the fake provider do not share one event loop
 * (which would make every target look slower by the load tool's own work). Usage:
 * `spawnHelper("upstream", [<Behaviour JSON>])`; prints `{"port": N}` once listening, exits when stdin closes.
 */
import { startUpstream } from "../Upstream"
import { announce } from "./Announce"

const upstream = await startUpstream(JSON.parse(process.argv[2] ?? "{}"))
announce({ port: upstream.port })

/**
 * The bare proxy in a process of its own (see `upstream.ts` for why). Usage:
 * `spawnHelper("bare-proxy", [<upstream port>])`; prints `{"port": N}` once listening, exits when stdin closes.
 */
import { startBareProxy } from "../BareProxy"
import { announce } from "./Announce"

const proxy = await startBareProxy(Number(process.argv[2]))
announce({ port: proxy.port })

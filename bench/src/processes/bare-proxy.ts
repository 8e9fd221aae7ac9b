/**
 * The bare proxy in a process of its own (see `upstream.ts` for why). Usage:
 * `node --import tsx bare-proxy.ts <upstream port>`; prints `{"port": N}` once listening, exits when stdin closes.
 */
import { startBareProxy } from "../BareProxy"
import { announce } from "./Announce"

const proxy = await startBareProxy(Number(process.argv[2]))
announce({ port: proxy.port })

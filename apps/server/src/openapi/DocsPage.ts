/**
 * `/docs`: interactive API docs that work offline. A small self-contained page (no CDN, no dependency) that reads
 * `/openapi.json`, lists every operation with its schemas, and sends requests from the browser — streamed answers are
 * shown as they arrive. The token is kept in `sessionStorage` and sent as a header, never put in a URL.
 */

import { pageHeaders } from "../web/SecurityHeaders"

export const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard API</title>
<style>
:root{--fg:#1b1f24;--muted:#5b6470;--line:#d8dde3;--bg:#f6f8fa;--get:#1f6feb;--post:#1a7f37;--put:#9a6700;--patch:#8250df;--delete:#cf222e}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,sans-serif;color:var(--fg)}
header{padding:1rem 1.5rem;border-bottom:1px solid var(--line);display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header h1{font-size:1.2rem;margin:0;flex:1}
main{max-width:70rem;margin:0 auto;padding:1rem 1.5rem}
h2{font-size:1rem;text-transform:uppercase;color:var(--muted);margin:2rem 0 .5rem}
details{border:1px solid var(--line);border-radius:6px;margin:.4rem 0}
summary{cursor:pointer;padding:.5rem .75rem;display:flex;gap:.75rem;align-items:center}
.m{font:600 12px monospace;color:#fff;border-radius:4px;padding:.15rem .4rem;min-width:4rem;text-align:center;text-transform:uppercase}
.get{background:var(--get)}.post{background:var(--post)}.put{background:var(--put)}.patch{background:var(--patch)}.delete{background:var(--delete)}
code,pre,textarea,input{font:13px/1.4 ui-monospace,monospace}
.body{padding:.5rem .75rem 1rem;border-top:1px solid var(--line)}
pre{background:var(--bg);padding:.75rem;border-radius:6px;overflow:auto;max-height:28rem;white-space:pre-wrap}
textarea{width:100%;min-height:8rem}input{padding:.3rem .4rem}label{display:block;margin:.3rem 0}
button{font:inherit;padding:.3rem .8rem;cursor:pointer}.muted{color:var(--muted)}
</style>
</head>
<body>
<header><h1>Switchboard API</h1>
<label>Token <input id="token" type="password" autocomplete="off" size="40" placeholder="printed by the server at start"></label>
<a href="/openapi.json">openapi.json</a></header>
<main id="main"><p class="muted">Loading /openapi.json…</p></main>
<script>
const tokenInput = document.getElementById("token")
tokenInput.value = sessionStorage.getItem("switchboard-token") || ""
tokenInput.addEventListener("input", () => sessionStorage.setItem("switchboard-token", tokenInput.value))
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) k === "class" ? (node.className = v) : node.setAttribute(k, v)
  for (const child of children) node.append(child)
  return node
}
const resolve = (doc, schema, depth = 0) => {
  if (!schema || depth > 6) return schema
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split("/").pop()], depth + 1)
  const out = Array.isArray(schema) ? [] : {}
  for (const [k, v] of Object.entries(schema)) out[k] = typeof v === "object" && v !== null ? resolve(doc, v, depth + 1) : v
  return out
}
const operation = (doc, path, method, op) => {
  const params = op.parameters || []
  const inputs = params.map((p) => {
    const input = el("input", { name: p.name, placeholder: p.in + (p.required ? " (required)" : "") })
    return { p, input, label: el("label", {}, el("code", {}, p.name + " "), input) }
  })
  const bodySchema = op.requestBody && op.requestBody.content["application/json"].schema
  const body = bodySchema ? el("textarea", { placeholder: "JSON body" }) : null
  const output = el("pre", { class: "muted" }, "Send a request to see the answer.")
  const send = el("button", {}, "Send")
  let controller
  send.addEventListener("click", async () => {
    if (controller) { controller.abort(); return }
    let url = path
    const query = new URLSearchParams()
    const headers = {}
    for (const { p, input } of inputs) {
      if (input.value === "") continue
      if (p.in === "path") url = url.replace("{" + p.name + "}", encodeURIComponent(input.value))
      else if (p.in === "query") query.set(p.name, input.value)
      else headers[p.name] = input.value
    }
    if (query.size) url += "?" + query
    if (tokenInput.value) headers.authorization = "Bearer " + tokenInput.value
    const init = { method: method.toUpperCase(), headers }
    if (body && body.value.trim() !== "") { headers["content-type"] = "application/json"; init.body = body.value }
    controller = new AbortController(); init.signal = controller.signal; send.textContent = "Stop"
    output.className = ""; output.textContent = ""
    try {
      const res = await fetch(url, init)
      output.textContent = res.status + " " + res.statusText + "\\n\\n"
      const reader = res.body ? res.body.getReader() : null
      const decoder = new TextDecoder()
      let text = ""
      while (reader) { const { done, value } = await reader.read(); if (done) break; text += decoder.decode(value, { stream: true }); output.textContent = res.status + "\\n\\n" + text }
      try { output.textContent = res.status + "\\n\\n" + JSON.stringify(JSON.parse(text), null, 2) } catch {}
    } catch (error) { output.textContent += "\\n" + error }
    controller = undefined; send.textContent = "Send"
  })
  const response = Object.entries(op.responses).map(([status, r]) => {
    const content = r.content && Object.values(r.content)[0]
    return el("div", {}, el("p", {}, el("code", {}, status), " " + r.description),
      content && content.schema ? el("pre", {}, JSON.stringify(resolve(doc, content.schema), null, 2)) : "")
  })
  return el("details", {},
    el("summary", {}, el("span", { class: "m " + method }, method), el("code", {}, path), el("span", { class: "muted" }, op.summary)),
    el("div", { class: "body" },
      op.description ? el("p", {}, op.description) : "",
      ...inputs.map((i) => i.label),
      bodySchema ? el("p", {}, "Body:") : "", bodySchema ? el("pre", {}, JSON.stringify(resolve(doc, bodySchema), null, 2)) : "",
      body || "", el("p", {}, send), output, el("p", {}, "Answers:"), ...response))
}
fetch("/openapi.json").then((r) => r.json()).then((doc) => {
  const main = document.getElementById("main")
  main.replaceChildren(el("p", {}, doc.info.description))
  const byTag = new Map()
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0]; if (!byTag.has(tag)) byTag.set(tag, [])
      byTag.get(tag).push(operation(doc, path, method, op))
    }
  for (const [tag, ops] of byTag) main.append(el("h2", {}, tag), ...ops)
}, (error) => { document.getElementById("main").textContent = "Could not load /openapi.json: " + error })
</script>
</body>
</html>
`

/** The page's security headers: its inline script and style allowed by hash, nothing from elsewhere. */
export const docsHeaders = pageHeaders(docsPage)

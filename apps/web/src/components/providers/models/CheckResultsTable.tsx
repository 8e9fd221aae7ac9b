/**
 * A check's results as a table, one row per model × key as each finishes: ok or the reason (with the upstream's own
 * message on hover), the HTTP status, the latency and the exact URL. "Failures only" narrows a long run to what needs
 * fixing.
 */
import type { ModelCheckView as ModelCheck } from "@switchboard/core/domain/ModelViews"
import { useState } from "react"
import { CheckBadge } from "../VerifyResults"

export function CheckResultsTable({ results }: { readonly results: ReadonlyArray<ModelCheck> }) {
  const [failuresOnly, setFailuresOnly] = useState(false)
  const failed = results.filter((c) => !c.result.ok).length
  const shown = failuresOnly ? results.filter((c) => !c.result.ok) : results
  return (
    <div className="check-results">
      <label className="check-filter small">
        <input type="checkbox" checked={failuresOnly} onChange={(e) => setFailuresOnly(e.target.checked)} />
        Failures only ({failed})
      </label>
      <div className="table-scroll">
        <table className="check-table">
          <caption className="visually-hidden">Results by model and key</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Key</th>
              <th scope="col">Result</th>
              <th scope="col">HTTP</th>
              <th scope="col">Latency</th>
              <th scope="col">URL</th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ modelId, result }) => (
              <tr key={`${modelId} ${result.keyId ?? ""}`} className={result.ok ? "ok" : "failed"}>
                <td className="mono">{modelId}</td>
                <td>
                  <code className="key">{result.key ?? "no key"}</code>
                </td>
                <td>
                  <CheckBadge result={result} />
                </td>
                <td>{result.status ?? "—"}</td>
                <td>{Math.round(result.latencyMs)} ms</td>
                <td>
                  <code className="url">{result.url}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

/**
 * The outcome of Check: when it ran, then one row per key (or one for a keyless provider) with ok or the reason, the
 * HTTP status, the latency and the exact URL that was called — never a bare "failed".
 */
import type { ProviderErrorReason } from "@switchboard/core/domain/Errors"
import type { KeyCheckView as KeyCheck, VerifyReportView as VerifyReport } from "@switchboard/core/domain/ReportViews"

/** What to do about each failure reason, in the user's words. */
export const reasonAdvice: Readonly<Record<ProviderErrorReason, string>> = {
  Authentication: "The key was refused: check it, or replace it.",
  NotFound: "Nothing at that URL: check the base URL (and the model or Azure deployment).",
  RateLimit: "Rate limited: wait a moment, or add another key.",
  Timeout: "No answer in time: check the server, or raise the verify timeout below.",
  Network: "Could not connect: check the base URL and that the server is running.",
  InvalidRequest: "The provider rejected the request: check the model id and settings.",
  Upstream: "The provider failed on its side: try again later.",
  InvalidOutput: "The answer was not readable: check that the provider type matches the server."
}

export function VerifyResults(props: { readonly report: VerifyReport; readonly checkedAt: string }) {
  const { report, checkedAt } = props
  return (
    <div className="verify" aria-live="polite">
      <p className={report.ok ? "verify-summary ok" : "verify-summary failed"}>
        {report.ok
          ? "All checks passed."
          : `${report.results.filter((r) => !r.ok).length} of ${report.results.length} checks failed.`}{" "}
        <CheckedAt iso={checkedAt} />
      </p>
      <ul className="verify-results">
        {report.results.map((result, index) => (
          <VerifyRow key={`${result.key ?? "keyless"}-${index}`} result={result} />
        ))}
      </ul>
    </div>
  )
}

function VerifyRow({ result }: { readonly result: KeyCheck }) {
  return (
    <li className={result.ok ? "verify-row ok" : "verify-row failed"}>
      <div className="verify-row-head">
        <CheckBadge result={result} />
        <code className="key">{result.key ?? "no key"}</code>
        {result.status === undefined ? null : <span className="muted">HTTP {result.status}</span>}
        {result.code === undefined ? null : <code className="muted">{result.code}</code>}
        <span className="muted">{Math.round(result.latencyMs)} ms</span>
      </div>
      <code className="url">{result.url}</code>
      {result.ok ? null : (
        <p className="verify-advice">
          {result.message === undefined ? null : <span>{result.message} </span>}
          {result.reason === undefined ? null : <strong>{reasonAdvice[result.reason]}</strong>}
        </p>
      )}
    </li>
  )
}

/** ✓ OK or ✗ and the reason: a key's check in a word, on its row in the key list and in the report. */
export function CheckBadge({ result }: { readonly result: KeyCheck }) {
  return (
    <span className={result.ok ? "badge ok" : "badge failed"} title={result.message}>
      {result.ok ? "✓ OK" : `✗ ${result.reason ?? "Failed"}`}
    </span>
  )
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" })

/** "2 minutes ago", "yesterday": how old a check is, in the words people use; the exact time on hover. */
export const ago = (iso: string, now = Date.now()): string => {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000)
  const steps: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60]
  ]
  for (const [unit, size] of steps)
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  return "just now"
}

function CheckedAt({ iso }: { readonly iso: string }) {
  return (
    <time className="muted small" dateTime={iso} title={new Date(iso).toLocaleString()}>
      Checked {ago(iso)}.
    </time>
  )
}

/**
 * Providers and reports as the commands print them for people, never with a plain key. `--json` prints the core's
 * views (`ProviderView`, `ReportViews`): the REST API's shapes, keys and credential headers masked.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import { providerTypeLabels } from "@switchboard/core/domain/ProviderTypes"
import { maskUrl } from "@switchboard/core/domain/SecretUrl"
import { stageDone, type VerifyReport } from "@switchboard/core/domain/VerifyReport"
import { table } from "./Io"

export const providersTable = (providers: ReadonlyArray<Provider>): string =>
  providers.length === 0
    ? "No providers yet. Add one: switchboard providers add --name vLLM --preset vllm\n"
    : table(
        ["ID", "NAME", "TYPE", "ON", "KEYS", "MODELS", "BASE URL"],
        providers.map((p) => [
          p.id,
          p.name,
          providerTypeLabels[p.type],
          p.enabled ? "on" : "off",
          p.apiKeys.length === 0 ? "none" : p.apiKeys.map((k) => k.masked).join(","),
          String(p.models.length),
          maskUrl(p.baseUrl)
        ])
      )

export const reportText = (report: VerifyReport): string => {
  const lines = report.results.map((check) => {
    const head = `${check.ok ? "ok  " : "FAIL"} ${check.key ?? "(no key)"}`
    const status = `${check.status === undefined ? "" : ` HTTP ${check.status}`}${check.code === undefined ? "" : ` ${check.code}`}`
    const what = check.ok ? stageDone[check.stage] : `${check.reason}`
    const message = check.ok || check.message === undefined ? "" : `\n     ${check.message}`
    return `${head}  ${what}${status}  ${Math.round(check.latencyMs)} ms  ${check.url}${message}`
  })
  return `${lines.join("\n")}\n${report.ok ? "verified" : "verify failed"}: ${report.providerId}\n`
}

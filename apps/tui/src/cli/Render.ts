/**
 * Providers and reports as the commands print them, never with a plain key: keys and credential headers masked.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import { providerTypeLabels } from "@switchboard/core/domain/ProviderType"
import { maskHeaders } from "@switchboard/core/domain/SecretHeaders"
import type { VerifyReport } from "@switchboard/core/domain/VerifyReport"
import { table } from "./Io"

/** A provider as `--json` shows it. */
export const providerJson = (provider: Provider) => ({
  id: provider.id,
  name: provider.name,
  type: provider.type,
  enabled: provider.enabled,
  baseUrl: provider.baseUrl,
  ...(provider.apiVersion === undefined ? {} : { apiVersion: provider.apiVersion }),
  apiKeys: provider.apiKeys.map((key) => key.masked),
  headers: maskHeaders(provider.headers),
  timeouts: { ...provider.timeouts },
  models: provider.models.map((model) => ({
    id: model.id,
    name: model.name,
    group: model.group,
    capabilities: model.capabilities
  }))
})

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
          p.baseUrl
        ])
      )

export const reportText = (report: VerifyReport): string => {
  const lines = report.results.map((check) => {
    const head = `${check.ok ? "ok  " : "FAIL"} ${check.key ?? "(no key)"}`
    const status = check.status === undefined ? "" : ` HTTP ${check.status}`
    const what = check.ok ? (check.stage === "models" ? "listed models" : "generated a token") : `${check.reason}`
    const message = check.ok || check.message === undefined ? "" : `\n     ${check.message}`
    return `${head}  ${what}${status}  ${Math.round(check.latencyMs)} ms  ${check.url}${message}`
  })
  return `${lines.join("\n")}\n${report.ok ? "verified" : "verify failed"}: ${report.providerId}\n`
}

/**
 * One Verify report and when it was made (it may come from an earlier session, the CLI or the dashboard): per key,
 * ok or the reason, the HTTP status, the latency, the exact URL called and the provider's own message — never a
 * bare "failed".
 */
import { type LastVerify, stageDone } from "@switchboard/core/domain/VerifyReport"
import { Box, Text } from "ink"
import { plural } from "../../text/plural"
import { theme } from "../../theme/Theme"

export const VerifyReportView = ({ lastVerify: { checkedAt, report } }: { readonly lastVerify: LastVerify }) => (
  <Box flexDirection="column">
    <Text bold color={report.ok ? theme.success : theme.danger}>
      {report.ok ? "✓ Verified" : "✗ Verify failed"}
      <Text color={theme.muted}>
        {" "}
        ({plural(report.results.length, "check")}, {new Date(checkedAt.epochMillis).toLocaleString()})
      </Text>
    </Text>
    {report.results.map((check, i) => (
      <Box key={check.keyId ?? `keyless-${i}`} flexDirection="column">
        <Text wrap="truncate-end">
          <Text color={check.ok ? theme.success : theme.danger}>{check.ok ? "✓" : "✗"} </Text>
          <Text>{check.key ?? "(no key)"}</Text>
          <Text color={check.ok ? theme.success : theme.danger}>
            {"  "}
            {check.ok ? `ok, ${stageDone[check.stage]}` : check.reason}
          </Text>
          <Text color={theme.muted}>
            {check.status === undefined ? "" : ` · HTTP ${check.status}`}
            {check.code === undefined ? "" : ` ${check.code}`} · {Math.round(check.latencyMs)} ms
          </Text>
        </Text>
        <Text color={theme.muted} wrap="truncate-middle">
          {"   "}
          {check.url}
        </Text>
        {check.ok || check.message === undefined ? null : (
          <Text color={theme.danger} wrap="truncate-end">
            {"   "}
            {check.message}
          </Text>
        )}
      </Box>
    ))}
  </Box>
)

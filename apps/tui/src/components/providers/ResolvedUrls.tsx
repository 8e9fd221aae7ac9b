/**
 * The exact URLs a provider's requests will go to, computed by the core's base-URL rules from what is typed right
 * now, so a wrong base URL shows before anything is sent. A base URL that is not valid yet shows why instead. The
 * URLs are shown with their credentials masked (`?key=abc…wxyz`).
 */
import { BaseUrlField, endpoints, type UrlSettings } from "@switchboard/core/BaseUrl"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { maskUrl } from "@switchboard/core/domain/SecretUrl"
import { Either, Schema } from "effect"
import { Box, Text } from "ink"
import { theme } from "../../theme/Theme"

export type UrlPreview =
  | { readonly ok: true; readonly chat: string; readonly models: string }
  | { readonly ok: false; readonly problem: string }

const decodeBaseUrl = Schema.decodeUnknownEither(BaseUrlField)

/** The endpoints for `settings`, or what is wrong with the base URL. */
export const previewUrls = (settings: UrlSettings, model?: string): UrlPreview =>
  Either.match(decodeBaseUrl(settings.baseUrl), {
    onLeft: (error) => ({ ok: false, problem: toInvalidInput(error).problem }),
    onRight: (baseUrl) => {
      const urls =
        model === undefined ? endpoints({ ...settings, baseUrl }) : endpoints({ ...settings, baseUrl }, model)
      return { ok: true, chat: maskUrl(urls.chat), models: maskUrl(urls.models) }
    }
  })

export const ResolvedUrls = ({
  settings,
  model,
  indent = 0
}: {
  readonly settings: UrlSettings
  /** The model the chat URL names (Azure deployments, Gemini); `{model}` stands in without one. */
  readonly model?: string | undefined
  readonly indent?: number
}) => {
  const preview = previewUrls(settings, model)
  return (
    <Box flexDirection="column" marginLeft={indent}>
      {preview.ok ? (
        <>
          <Text color={theme.muted} wrap="wrap">
            chat → {preview.chat}
          </Text>
          <Text color={theme.muted} wrap="wrap">
            models → {preview.models}
          </Text>
        </>
      ) : (
        <Text color={theme.warning} wrap="wrap">
          base URL {preview.problem}
        </Text>
      )}
    </Box>
  )
}

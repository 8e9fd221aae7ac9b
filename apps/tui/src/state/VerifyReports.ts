/**
 * The latest Verify report of each provider, kept for the session so the providers list can show a key as verified
 * or failed after the user checked it in the detail screen. Reports are facts about the keys at the time of the
 * check: a report stops counting once the provider's keys change (see `keyState`).
 */
import type { VerifyReport } from "@switchboard/core/domain/VerifyReport"
import { createContext, useContext } from "react"

export type VerifyReports = ReadonlyMap<string, VerifyReport>

export type VerifyReportsAction = { readonly _tag: "Recorded"; readonly report: VerifyReport }

export const verifyReportsReducer = (state: VerifyReports, action: VerifyReportsAction): VerifyReports =>
  new Map(state).set(action.report.providerId, action.report)

export interface VerifyReportsContext {
  readonly reports: VerifyReports
  readonly record: (report: VerifyReport) => void
}

export const VerifyReportsStore = createContext<VerifyReportsContext>({ reports: new Map(), record: () => {} })

export const useVerifyReports = () => useContext(VerifyReportsStore)

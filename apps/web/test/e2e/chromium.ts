/**
 * Debian's Chromium for the end-to-end tests, driven by playwright-core (no browser download), and the screenshots
 * every changed screen leaves in `apps/web/artifacts/`: light, dark (the system's scheme) and 400 px wide.
 */
import { existsSync, mkdirSync } from "node:fs"
import { join } from "node:path"
import { type Browser, chromium, type Locator, type Page } from "playwright-core"
import { describe, it } from "vitest"
import { webDir } from "./switchboard"

export const chromiumPath = "/usr/bin/chromium"
export const hasChromium = existsSync(chromiumPath)
export const artifacts = join(webDir, "artifacts")
export const wide = { width: 1280, height: 800 }
export const narrow = { width: 400, height: 800 }

/**
 * A suite in real Chromium against the real server: without /usr/bin/chromium it is skipped with a message — except
 * under CI=true, where that is a failure.
 */
export const describeInChromium = (name: string, timeout: number, body: () => void): void => {
  if (!hasChromium && process.env.CI === "true") {
    describe(name, () => {
      it("needs Chromium", () => {
        throw new Error(`${chromiumPath} is missing under CI=true: install Debian's chromium (.ci/run does).`)
      })
    })
    return
  }
  const title = hasChromium
    ? `${name} (real Chromium, real server)`
    : `${name} — SKIPPED: ${chromiumPath} not found; install Debian's chromium to run it`
  describe.skipIf(!hasChromium)(title, { timeout }, body)
}

export const launchChromium = (): Promise<Browser> => {
  mkdirSync(artifacts, { recursive: true })
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync"
    ]
  })
}

/** Where a screenshot looks: `at` scrolled to the top of the window (under the top bar), else the page's top. */
export interface ShotOptions {
  readonly at?: Locator
  readonly fullPage?: boolean
}

/**
 * `shot` takes one picture of the page; `shots` the same screen light, dark and 400 px wide, then back to light at
 * 1280. The page is read when a picture is taken, so a suite may call this before its browser has started.
 */
export const screenshots = (page: () => Page) => {
  const shot = async (name: string, { at, fullPage = false }: ShotOptions = {}) => {
    if (at === undefined) await page().evaluate(() => window.scrollTo(0, 0))
    else
      await at.evaluate((element) => {
        element.scrollIntoView({ block: "start" })
        window.scrollBy(0, -100)
      })
    await page().screenshot({ path: join(artifacts, `${name}.png`), fullPage })
  }
  const shots = async (name: string, options: ShotOptions = {}) => {
    await shot(name, options)
    await page().emulateMedia({ colorScheme: "dark" })
    await shot(`${name}-dark`, options)
    await page().emulateMedia({ colorScheme: "light" })
    await page().setViewportSize(narrow)
    await shot(`${name}-narrow`, options)
    await page().setViewportSize(wide)
  }
  return { shot, shots }
}

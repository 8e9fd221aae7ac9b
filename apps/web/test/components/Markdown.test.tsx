import { render } from "@testing-library/react"
import { describe, expect, it } from "vitest"
import Markdown from "../../src/components/chat/Markdown"

describe("Markdown", () => {
  it("renders headings, lists, inline code and fenced code with its language", () => {
    const { container } = render(<Markdown text={"# Title\n\n- one\n- `two`\n\n```python\nprint(1)\n```"} />)
    expect(container.querySelector("h1")?.textContent).toBe("Title")
    expect(container.querySelectorAll("li")).toHaveLength(2)
    expect(container.querySelector("li code")?.textContent).toBe("two")
    expect(container.querySelector(".code-block pre code")?.textContent).toBe("print(1)")
    expect(container.querySelector(".code-block-bar")?.textContent).toContain("python")
  })

  it("shows raw HTML from a model as text instead of running it", () => {
    const { container } = render(<Markdown text={'Hi <img src=x onerror="alert(1)"> <script>alert(2)</script>'} />)
    expect(container.querySelector("img")).toBeNull()
    expect(container.querySelector("script")).toBeNull()
    expect(container.textContent).toContain("<img")
  })

  it("drops javascript: links and opens real links in a new tab without an opener", () => {
    const { container } = render(<Markdown text={"[bad](javascript:alert(1)) [good](https://example.com)"} />)
    const links = [...container.querySelectorAll("a")]
    expect(links.some((a) => a.getAttribute("href")?.startsWith("javascript"))).toBe(false)
    const good = links.find((a) => a.textContent === "good")
    expect(good?.getAttribute("href")).toBe("https://example.com")
    expect(good?.getAttribute("rel")).toBe("noopener noreferrer")
  })
})

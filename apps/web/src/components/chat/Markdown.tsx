/**
 * Renders an answer's Markdown as React elements with markdown-to-jsx. It builds elements, never HTML strings, so
 * nothing reaches `innerHTML`; raw HTML in an answer is shown as text (`disableParsingRawHTML`), and its built-in
 * sanitizer drops `javascript:`/`data:` links. Loaded lazily with the chat page, so Model services does not pay for it.
 */
import { Markdown as MarkdownToJsx } from "markdown-to-jsx/react"
import { type ComponentProps, useState } from "react"

const options = {
  disableParsingRawHTML: true,
  forceBlock: true,
  overrides: {
    pre: { component: CodeBlock },
    a: { component: ExternalLink }
  }
} as const

export default function Markdown({ text }: { readonly text: string }) {
  return (
    <div className="markdown">
      <MarkdownToJsx options={options}>{text}</MarkdownToJsx>
    </div>
  )
}

/** A code block with its language and a Copy button (the most common thing done with a code answer). */
function CodeBlock({ children, ...rest }: ComponentProps<"pre">) {
  const [copied, setCopied] = useState(false)
  const code = (children as { props?: { className?: string; children?: unknown } } | undefined)?.props
  const language = code?.className?.match(/lang(?:uage)?-(\S+)/)?.[1]
  const text = typeof code?.children === "string" ? code.children : ""
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span>{language ?? "code"}</span>
        <button
          type="button"
          className="button small"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => {
              setCopied(true)
              setTimeout(() => setCopied(false), 1500)
            })
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <pre {...rest}>{children}</pre>
    </div>
  )
}

/** Links in answers open in a new tab without giving the page a handle on this one. */
function ExternalLink(props: ComponentProps<"a">) {
  return <a {...props} target="_blank" rel="noopener noreferrer" />
}

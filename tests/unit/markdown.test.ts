// The lesson renderer turns Markdown into React elements: formatting works,
// and nothing an author writes reaches the page as HTML or a script link.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Markdown, parseBlocks, safeHref } from "@/components/markdown";

const html = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe("Markdown", () => {
  it("renders headings, paragraphs, lists, quotes, code and inline formatting", () => {
    const out = html("# Title\n\nSome **bold** and *soft* and `code`\nsame paragraph.\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n```\nlet x = 1 < 2;\n```\n\n---");
    expect(out).toContain('<h2 class="text-xl font-semibold">Title</h2>');
    expect(out).toContain("<p>Some <strong>bold</strong> and <em>soft</em> and <code");
    expect(out).toContain(">code</code> same paragraph.</p>");
    expect(out).toMatch(/<ul[^>]*><li>one<\/li><li>two<\/li><\/ul>/);
    expect(out).toMatch(/<ol[^>]*><li>first<\/li><li>second<\/li><\/ol>/);
    expect(out).toMatch(/<blockquote[^>]*>quoted<\/blockquote>/);
    expect(out).toContain("<code>let x = 1 &lt; 2;</code>");
    expect(out).toContain("<hr");
  });

  it("shows raw HTML as text, never as markup", () => {
    const out = html('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">');
    expect(out).not.toContain("<script");
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("keeps http(s), mailto and same-site links, and drops javascript: and data: targets", () => {
    expect(html("[site](https://example.com)")).toContain('href="https://example.com"');
    expect(html("[lesson](/o/acme/learn)")).toContain('href="/o/acme/learn"');
    expect(html("[x](javascript:alert(1))")).not.toContain("href");
    expect(html("[x](JaVaScRiPt:alert(1))")).not.toContain("href");
    expect(safeHref("data:text/html,hi")).toBeNull();
    expect(safeHref("//evil.example")).toBeNull();
    expect(safeHref("mailto:a@b.c")).toBe("mailto:a@b.c");
  });

  it("splits blocks as an author expects", () => {
    expect(parseBlocks("Intro\n- a\n- b").map((b) => b.kind)).toEqual(["paragraph", "list"]);
    expect(parseBlocks("").length).toBe(0);
  });
});

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

describe("Markdown GFM tables", () => {
  it("renders a header, alignments and body rows as a table, with inline formatting in cells", () => {
    const out = html("Scores by week:\n\n| Week | Learner | Score |\n| :--- | :---: | ---: |\n| 1 | **Ada** | 42.9 |\n| 2 | `Bo` | 100 |");
    expect(out).toContain("<p>Scores by week:</p>");
    expect(out).toMatch(/<table[^>]*><thead[^>]*><tr><th scope="col" class="[^"]*text-left">Week<\/th><th scope="col" class="[^"]*text-center">Learner<\/th><th scope="col" class="[^"]*text-right">Score<\/th><\/tr><\/thead>/);
    expect(out).toMatch(/<td class="[^"]*text-left">1<\/td><td class="[^"]*text-center"><strong>Ada<\/strong><\/td><td class="[^"]*text-right">42.9<\/td>/);
    expect(out).toMatch(/<code[^>]*>Bo<\/code>/);
    expect(out).not.toContain("| Week");
    // Wide tables scroll inside a focusable, named region.
    expect(out).toMatch(/<div role="region" aria-label="Table: Week, Learner, Score" tabindex="0"/);
  });

  it("parses rows without outer pipes, escaped pipes, short and long rows like GFM", () => {
    const [table] = parseBlocks("a | b\n--|--\n1 \\| 2 | x\nonly\n1 | 2 | 3");
    expect(table).toEqual({
      kind: "table",
      header: ["a", "b"],
      align: [null, null],
      rows: [["1 | 2", "x"], ["only", ""], ["1", "2"]],
    });
  });

  it("ends a table at a blank line, and needs a delimiter row with as many cells as the header", () => {
    expect(parseBlocks("| a | b |\n|---|---|\n| 1 | 2 |\n\nafter").map((b) => b.kind)).toEqual(["table", "paragraph"]);
    expect(parseBlocks("| a | b |\n|---|\n| 1 | 2 |").map((b) => b.kind)).toEqual(["paragraph"]);
    expect(parseBlocks("a | b\nnot a delimiter").map((b) => b.kind)).toEqual(["paragraph"]);
    // A table right under a paragraph line starts its own block.
    expect(parseBlocks("Intro line\n| a | b |\n| - | - |\n| 1 | 2 |").map((b) => b.kind)).toEqual(["paragraph", "table"]);
  });

  it("keeps raw HTML and script links in cells as text", () => {
    const out = html('| x |\n|---|\n| <img src=x onerror="alert(1)"> [y](javascript:alert(1)) |');
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;img");
    expect(out).not.toContain("javascript:");
  });
});

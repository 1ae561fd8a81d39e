// A small Markdown renderer for lesson bodies that builds React elements, so
// nothing an author writes is ever injected as HTML: raw HTML shows as text,
// and links keep only http(s), mailto and same-site targets.
// Supported: # headings, paragraphs, - / * / 1. lists, > quotes, ``` code
// blocks, --- rules, GFM tables (header row, delimiter row with :--- / :---: /
// ---: alignment, body rows; `\|` for a pipe inside a cell), **bold**,
// *italic* / _italic_, `code`, [text](url).
import type { ReactNode } from "react";

type Block =
  | { kind: "heading"; level: number; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; ordered: boolean; items: string[] }
  | { kind: "quote"; text: string }
  | { kind: "code"; text: string }
  | { kind: "rule" }
  | { kind: "table"; header: string[]; align: Align[]; rows: string[][] };

type Align = "left" | "center" | "right" | null;

/** The cells of a table row: outer pipes optional, `\|` is a literal pipe. */
export function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith("|")) row = row.slice(1);
  if (row.endsWith("|") && !row.endsWith("\\|")) row = row.slice(0, -1);
  const cells: string[] = [];
  let cell = "";
  for (let i = 0; i < row.length; i++) {
    if (row[i] === "\\" && row[i + 1] === "|") {
      cell += "|";
      i++;
    } else if (row[i] === "|") {
      cells.push(cell.trim());
      cell = "";
    } else {
      cell += row[i];
    }
  }
  cells.push(cell.trim());
  return cells;
}

const DELIMITER_CELL = /^:?-+:?$/;

/** The alignments of a delimiter row ("| --- | :-: |"), or null when the line is not one. */
function delimiterRow(line: string | undefined): Align[] | null {
  if (line === undefined || !line.includes("-") || !/^[\s|:-]+$/.test(line)) return null;
  const cells = splitRow(line);
  if (!cells.every((cell) => DELIMITER_CELL.test(cell))) return null;
  return cells.map((cell) => (cell.startsWith(":") && cell.endsWith(":") ? "center" : cell.endsWith(":") ? "right" : cell.startsWith(":") ? "left" : null));
}

/** A table starts where a row with a pipe is followed by a delimiter row with as many cells. */
function tableStart(line: string, next: string | undefined): Align[] | null {
  if (!line.includes("|")) return null;
  const align = delimiterRow(next);
  return align && align.length === splitRow(line).length ? align : null;
}

/** GFM: body rows get exactly the header's number of cells (missing ones empty, extra ones dropped). */
const fit = (cells: string[], width: number) => Array.from({ length: width }, (_, i) => cells[i] ?? "");

export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let index = 0;
  const isListItem = (line: string) => /^\s*([-*+]|\d+[.)])\s+/.test(line);
  const startsBlock = (line: string) => /^(#{1,6}\s|>|```|\s*([-*_])(\s*\2){2,}\s*$)/.test(line) || isListItem(line);
  while (index < lines.length) {
    const line = lines[index];
    const align = tableStart(line, lines[index + 1]);
    if (line.trim() === "") {
      index++;
    } else if (align) {
      const header = splitRow(line);
      const rows: string[][] = [];
      index += 2;
      // As in GFM, the table goes on to a blank line or the start of another block.
      while (index < lines.length && lines[index].trim() !== "" && !startsBlock(lines[index])) {
        rows.push(fit(splitRow(lines[index++]), header.length));
      }
      blocks.push({ kind: "table", header, align, rows });
    } else if (line.startsWith("```")) {
      const body: string[] = [];
      index++;
      while (index < lines.length && !lines[index].startsWith("```")) body.push(lines[index++]);
      index++; // the closing fence, if any
      blocks.push({ kind: "code", text: body.join("\n") });
    } else if (/^#{1,6}\s/.test(line)) {
      const [, hashes, text] = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line)!;
      blocks.push({ kind: "heading", level: hashes.length, text });
      index++;
    } else if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ kind: "rule" });
      index++;
    } else if (line.startsWith(">")) {
      const body: string[] = [];
      while (index < lines.length && lines[index].startsWith(">")) body.push(lines[index++].replace(/^>\s?/, ""));
      blocks.push({ kind: "quote", text: body.join(" ") });
    } else if (isListItem(line)) {
      const ordered = /^\s*\d+[.)]\s/.test(line);
      const items: string[] = [];
      while (index < lines.length && (isListItem(lines[index]) || (/^\s{2,}\S/.test(lines[index]) && items.length))) {
        if (isListItem(lines[index])) items.push(lines[index].replace(/^\s*([-*+]|\d+[.)])\s+/, ""));
        else items[items.length - 1] += ` ${lines[index].trim()}`;
        index++;
      }
      blocks.push({ kind: "list", ordered, items });
    } else {
      const body: string[] = [];
      while (
        index < lines.length &&
        lines[index].trim() !== "" &&
        (body.length === 0 || (!startsBlock(lines[index]) && !tableStart(lines[index], lines[index + 1])))
      ) {
        body.push(lines[index++].trim());
      }
      blocks.push({ kind: "paragraph", text: body.join(" ") });
    }
  }
  return blocks;
}

/** Only links that cannot run script: http(s), mailto, and paths or anchors on this site. */
export function safeHref(url: string): string | null {
  const trimmed = url.trim();
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed;
  if (/^(\/(?!\/)|#)/.test(trimmed)) return trimmed;
  return null;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+?\*\*)|(\*[^*\s][^*]*?\*|_[^_\s][^_]*?_)|(\[[^\]]+\]\([^)\s]+\))/;

export function renderInline(text: string, keyPrefix = "i"): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let n = 0;
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) {
      out.push(rest);
      break;
    }
    if (match.index > 0) out.push(rest.slice(0, match.index));
    const token = match[0];
    const key = `${keyPrefix}-${n++}`;
    if (match[1]) out.push(<code key={key} className="rounded bg-slate-100 px-1 py-0.5 text-[0.9em]">{token.slice(1, -1)}</code>);
    else if (match[2]) out.push(<strong key={key}>{renderInline(token.slice(2, -2), key)}</strong>);
    else if (match[3]) out.push(<em key={key}>{renderInline(token.slice(1, -1), key)}</em>);
    else {
      const [, label, url] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token)!;
      const href = safeHref(url);
      out.push(
        href ? (
          <a key={key} href={href} className="text-brand-700 underline" rel="noopener noreferrer nofollow" target={href.startsWith("http") ? "_blank" : undefined}>
            {renderInline(label, key)}
          </a>
        ) : (
          <span key={key}>{renderInline(label, key)}</span>
        ),
      );
    }
    rest = rest.slice(match.index + token.length);
  }
  return out;
}

const HEADINGS = ["h2", "h3", "h4", "h5", "h6", "h6"] as const;
const HEADING_STYLES = ["text-xl font-semibold", "text-lg font-semibold", "font-semibold", "font-semibold", "font-semibold", "font-semibold"];

export function Markdown({ source }: { source: string }) {
  return (
    <div className="space-y-4 text-[15px] leading-7 text-slate-800">
      {parseBlocks(source).map((block, index) => {
        const key = `b${index}`;
        switch (block.kind) {
          case "heading": {
            // Lesson headings sit under the page's h1: "#" renders as h2.
            const Tag = HEADINGS[block.level - 1];
            return <Tag key={key} className={HEADING_STYLES[block.level - 1]}>{renderInline(block.text, key)}</Tag>;
          }
          case "paragraph":
            return <p key={key}>{renderInline(block.text, key)}</p>;
          case "list": {
            const Tag = block.ordered ? "ol" : "ul";
            return (
              <Tag key={key} className={`${block.ordered ? "list-decimal" : "list-disc"} space-y-1 pl-6`}>
                {block.items.map((item, i) => <li key={`${key}-${i}`}>{renderInline(item, `${key}-${i}`)}</li>)}
              </Tag>
            );
          }
          case "quote":
            return <blockquote key={key} className="border-l-4 border-slate-200 pl-4 text-slate-600">{renderInline(block.text, key)}</blockquote>;
          case "code":
            return <pre key={key} className="overflow-x-auto rounded-md bg-slate-900 p-4 text-sm text-slate-100"><code>{block.text}</code></pre>;
          case "rule":
            return <hr key={key} className="border-slate-200" />;
          case "table": {
            const alignClass = (a: Align) => (a === "center" ? "text-center" : a === "right" ? "text-right" : "text-left");
            return (
              // Wide tables scroll inside the lesson, not the page; the region is focusable so keyboards can scroll it.
              <div key={key} role="region" aria-label={`Table: ${block.header.join(", ")}`.slice(0, 120)} tabIndex={0} className="relative max-w-full overflow-x-auto rounded-md border border-slate-200">
                <table className="w-full border-collapse text-sm leading-6">
                  <thead className="bg-slate-50">
                    <tr>
                      {block.header.map((cell, i) => (
                        <th key={`${key}-h${i}`} scope="col" className={`border-b border-slate-200 px-3 py-2 font-semibold ${alignClass(block.align[i])}`}>
                          {renderInline(cell, `${key}-h${i}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {block.rows.map((row, r) => (
                      <tr key={`${key}-r${r}`}>
                        {row.map((cell, i) => (
                          <td key={`${key}-r${r}-${i}`} className={`px-3 py-2 align-top ${alignClass(block.align[i])}`}>
                            {renderInline(cell, `${key}-r${r}-${i}`)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }
        }
      })}
    </div>
  );
}

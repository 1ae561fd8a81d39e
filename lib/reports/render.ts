// A report document as a file, with well-kept libraries: csv-stringify for
// CSV, exceljs for XLSX, pdfkit for PDF. Each holds the same sections and
// numbers (the PDF's tables are the numbers behind the dashboards' charts).
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import type { ReportFormat } from "@/db/schema";
import { cellText, reportFileName, type ReportDocument, type ReportSection } from "./document";

export interface RenderedReport {
  content: Buffer;
  contentType: string;
  fileName: string;
}

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
};

function metaLines(document: ReportDocument): string[][] {
  return [
    [document.title],
    ["Organization", document.organization],
    ["Period", document.period.from, document.period.to],
    ["Generated", document.generatedAt.toISOString()],
  ];
}

/**
 * CSV: the report's header lines, then each section as a block (its title on
 * one line, its column labels, its rows) with an empty line between blocks.
 * With a byte-order mark so spreadsheet programs read UTF-8 names correctly.
 */
export function renderCsv(document: ReportDocument): Buffer {
  const records: string[][] = [...metaLines(document)];
  for (const section of document.sections) {
    records.push([], [section.title], section.columns.map((c) => c.label));
    for (const row of section.rows) records.push(section.columns.map((c) => cellText(row[c.key] ?? null)));
  }
  return Buffer.from(stringify(records, { bom: true, record_delimiter: "windows" }), "utf8");
}

/** Excel's sheet names: at most 31 characters, none of []:*?/\ , unique. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, " ").slice(0, 28).trim() || "Sheet";
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** XLSX: an "About" sheet with the header lines, then one sheet per section; numbers stay numbers. */
export async function renderXlsx(document: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "SenseiiWyze";
  workbook.created = document.generatedAt;
  const taken = new Set<string>();
  const about = workbook.addWorksheet(sheetName("About", taken));
  about.addRows(metaLines(document));
  about.getRow(1).font = { bold: true, size: 14 };
  about.getColumn(1).width = 16;
  about.getColumn(2).width = 40;
  for (const section of document.sections) {
    const sheet = workbook.addWorksheet(sheetName(section.title, taken));
    sheet.columns = section.columns.map((c) => ({
      header: c.label,
      key: c.key,
      width: Math.max(12, Math.min(40, c.label.length + 4)),
      style: c.kind === "number" || c.kind === "percent" ? { numFmt: "0.##" } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: "frozen", ySplit: 1 }];
    for (const row of section.rows) sheet.addRow(Object.fromEntries(section.columns.map((c) => [c.key, row[c.key] ?? null])));
    if (section.note) {
      sheet.addRow([]);
      sheet.addRow([section.note]).font = { italic: true, color: { argb: "FF64748B" } };
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------
const PAGE_MARGIN = 40;
const ROW_GAP = 4;

function drawTable(pdf: PDFKit.PDFDocument, section: ReportSection) {
  const left = PAGE_MARGIN;
  const width = pdf.page.width - 2 * PAGE_MARGIN;
  // Text columns get twice the room of numeric ones.
  const weights = section.columns.map((c) => (c.kind && c.kind !== "text" ? 1 : 2));
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / total) * width);
  const bottom = () => pdf.page.height - PAGE_MARGIN;

  const drawRow = (cells: string[], bold: boolean) => {
    pdf.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8);
    const heights = cells.map((cell, i) => pdf.heightOfString(cell || " ", { width: widths[i] - 4 }));
    const height = Math.max(...heights) + ROW_GAP;
    if (pdf.y + height > bottom()) pdf.addPage();
    const top = pdf.y;
    let x = left;
    cells.forEach((cell, i) => {
      const numeric = section.columns[i].kind === "number" || section.columns[i].kind === "percent";
      pdf.text(cell, x + 2, top + ROW_GAP / 2, { width: widths[i] - 4, align: numeric && !bold ? "right" : "left" });
      x += widths[i];
    });
    pdf.moveTo(left, top + height).lineTo(left + width, top + height).lineWidth(0.5).strokeColor(bold ? "#334155" : "#e2e8f0").stroke();
    pdf.x = left;
    pdf.y = top + height;
  };

  drawRow(section.columns.map((c) => c.label), true);
  if (section.rows.length === 0) {
    pdf.font("Helvetica-Oblique").fontSize(8).text("No rows in this period.", left, pdf.y + ROW_GAP);
    return;
  }
  for (const row of section.rows) drawRow(section.columns.map((c) => cellText(row[c.key] ?? null)), false);
}

/** PDF: the header, then each section as a titled table of its numbers. */
export function renderPdf(document: ReportDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: "A4",
      margin: PAGE_MARGIN,
      info: { Title: document.title, Author: "SenseiiWyze", CreationDate: document.generatedAt },
    });
    const chunks: Buffer[] = [];
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);

    pdf.font("Helvetica-Bold").fontSize(16).fillColor("#0f172a").text(document.title);
    pdf.font("Helvetica").fontSize(9).fillColor("#475569")
      .text(`${document.organization} · ${document.period.from} to ${document.period.to} · generated ${document.generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    for (const section of document.sections) {
      if (pdf.y > pdf.page.height - PAGE_MARGIN - 80) pdf.addPage();
      pdf.moveDown(1.2);
      pdf.x = PAGE_MARGIN;
      pdf.font("Helvetica-Bold").fontSize(12).fillColor("#0f172a").text(section.title);
      if (section.note) pdf.font("Helvetica").fontSize(8).fillColor("#64748b").text(section.note);
      pdf.moveDown(0.4).fillColor("#0f172a");
      drawTable(pdf, section);
    }
    pdf.end();
  });
}

export async function renderReport(format: ReportFormat, document: ReportDocument): Promise<RenderedReport> {
  const content =
    format === "csv" ? renderCsv(document) : format === "xlsx" ? await renderXlsx(document) : await renderPdf(document);
  return { content, contentType: CONTENT_TYPES[format], fileName: reportFileName(document, format) };
}

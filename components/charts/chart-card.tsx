// ChartCard — the frame every chart sits in (usable from server and client code).
//
//   <ChartCard title="Are you keeping pace with your target?" subtitle="…"
//              table={{ columns, rows }} empty={<EmptyState …/>} isEmpty={rows.length === 0}>
//     {chart}
//   </ChartCard>
//
// - title: the question the chart answers; subtitle: one line of how to read it.
// - table: the same numbers as an accessible table behind a "Show data"
//   disclosure (works without JavaScript; screen readers get real cells).
// - isEmpty + empty: what to show instead of a blank chart — one sentence of
//   what to do and the button that does it (components/ui/empty-state).
// The chart components (TrendLine, BarChart, StackedBar, Distribution) render
// their own ChartCard from the same props, so pages rarely use this directly.
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableHead } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatLabel, formatValue, type LabelFormat, type ValueFormat } from "./format";

export interface DataColumn {
  key: string;
  label: string;
  /** Numbers are formatted with this; labels (the first column) with `labelFormat`. */
  format?: ValueFormat;
  labelFormat?: LabelFormat;
}

export interface DataTable {
  columns: DataColumn[];
  rows: Record<string, unknown>[];
}

export interface ChartFrameProps {
  title: string;
  subtitle?: React.ReactNode;
  /** Shown instead of the chart when isEmpty; a string becomes an EmptyState. */
  empty?: React.ReactNode;
  isEmpty?: boolean;
  /** Controls on the right of the title (a period toggle). */
  actions?: React.ReactNode;
  /** Under the chart: a legend sentence, a date, a caveat. */
  footer?: React.ReactNode;
  id?: string;
}

export function ChartCard({
  title,
  subtitle,
  empty,
  isEmpty = false,
  actions,
  footer,
  id,
  table,
  children,
}: ChartFrameProps & { table?: DataTable; children: React.ReactNode }) {
  return (
    <Card title={title} description={subtitle} actions={actions} id={id}>
      {isEmpty ? (
        typeof empty === "string" || empty === undefined ? <EmptyState>{empty ?? "No data yet."}</EmptyState> : empty
      ) : (
        <>
          <figure className="m-0" aria-label={title}>
            {children}
          </figure>
          {footer ? <div className="mt-2 text-sm text-slate-600">{footer}</div> : null}
          {table && table.rows.length ? <DataDetails title={title} table={table} /> : null}
        </>
      )}
    </Card>
  );
}

function DataDetails({ title, table }: { title: string; table: DataTable }) {
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer font-medium text-brand-700 hover:underline">Show data</summary>
      <div className="mt-2 max-h-72 overflow-y-auto rounded-md border border-slate-200 [details:not([open])_&]:hidden">
        <Table label={`${title} — data`}>
          <TableHead>
            {table.columns.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </TableHead>
          <TableBody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {table.columns.map((c, j) => {
                  const v = row[c.key];
                  const text = typeof v === "number" || v === null ? formatValue(v as number | null, c.format) : formatLabel(v, c.labelFormat);
                  return j === 0 ? (
                    <th key={c.key} scope="row" className="font-normal">
                      {text}
                    </th>
                  ) : (
                    <td key={c.key} className="tabular-nums">
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </TableBody>
        </Table>
      </div>
    </details>
  );
}

// SeriesLegend — which colour is which series, as HTML under the chart (a
// list screen readers read as text). It replaces recharts' <Legend>, whose
// SVG legend layer (Legend, DefaultLegendContent, Symbols: ~14 kB minified)
// every dashboard downloaded. Lines show a stroke (dashed for targets),
// bars and areas a block.
//
//   <SeriesLegend items={[{ label: "Completed", colour: "#…" }, { label: "Target", colour: "#…", mark: "dashed" }]} />
export interface LegendItem {
  label: string;
  colour: string;
  mark?: "block" | "line" | "dashed";
}

export function SeriesLegend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1 text-xs text-slate-700">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          {item.mark === "line" || item.mark === "dashed" ? (
            <span aria-hidden className="inline-block w-4 border-t-2" style={{ borderColor: item.colour, borderTopStyle: item.mark === "dashed" ? "dashed" : "solid" }} />
          ) : (
            <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ backgroundColor: item.colour }} />
          )}
          {item.label}
        </li>
      ))}
    </ul>
  );
}

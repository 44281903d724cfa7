import { BarChart, PolarisVizProvider, type DataSeries } from "@shopify/polaris-viz";
import "@shopify/polaris-viz/build/esm/styles.css";

// The polaris-viz charts of the analytics page (loaded on demand by client-chart.tsx). Each chart also renders its
// values as an accessible table (role="row" / "cell"), which screen readers and the browser tests read.

export interface ChartProps {
  data: DataSeries[];
  stacked?: boolean;
  horizontal?: boolean;
  /** Formats axis labels and the accessible values. */
  format?: (value: number) => string;
  /** Counts: whole numbers on the value axis. */
  integers?: boolean;
  label: string;
  skipLinkText: string;
}

function Chart({ data, stacked, horizontal, format, integers, label, skipLinkText }: ChartProps) {
  return (
    <PolarisVizProvider>
      <div role="figure" aria-label={label} style={{ height: "100%" }}>
        <BarChart
          data={data}
          theme="Light"
          isAnimated={false}
          type={stacked ? "stacked" : "default"}
          direction={horizontal ? "horizontal" : "vertical"}
          skipLinkText={skipLinkText}
          xAxisOptions={horizontal && format ? { labelFormatter: (v) => format(Number(v)) } : undefined}
          yAxisOptions={{ integersOnly: !!integers, ...(!horizontal && format ? { labelFormatter: (v) => format(Number(v)) } : {}) }}
        />
      </div>
    </PolarisVizProvider>
  );
}

export default Chart;

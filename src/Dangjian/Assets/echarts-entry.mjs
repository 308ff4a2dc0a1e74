// The ECharts build the dashboard loads: only what Index.cshtml.cs's MemberChart() and CoverageChart() draw (a stacked
// bar chart on a category/value grid and a ring pie, with legend, tooltip and labels) through the SVG renderer that
// wwwroot/js/app.js asks for. The full echarts.min.js is 1.1 MB; this is under half of it (docs/performance.md,
// "Page weight and Lighthouse"). A chart type or component the dashboard starts to use must be added here, or
// ECharts does not draw it. scripts/copy-assets.mjs bundles this file with esbuild.
import { init, use } from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
// The plain legend: the dashboard's legends name two or three entries and never need the scrolling one.
import { GridComponent, LegendPlainComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, PieChart, GridComponent, LegendPlainComponent, TooltipComponent, SVGRenderer]);

// app.js reads window.echarts, as it did with the full build; init is all it calls.
window.echarts = { init };

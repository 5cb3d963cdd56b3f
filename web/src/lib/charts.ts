// ECharts, loaded only by the dashboard (dynamic import), with just the parts it draws.
import { BarChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { init, use, type ECharts } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, SVGRenderer])

// Draws `option` into `el` (replacing what was there); returns the chart to dispose of later.
export function draw(el: HTMLElement, option: Record<string, unknown>, previous?: ECharts | null): ECharts {
  const chart = previous ?? init(el, undefined, { renderer: 'svg' })
  chart.setOption(option, true)
  return chart
}

/** ECharts modules, registered once for the whole app: only what the screens draw is bundled. */
import { BarChart, EffectScatterChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts'
import { GeoComponent, GridComponent, LegendComponent, VisualMapContinuousComponent } from 'echarts/components'
import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, ScatterChart, EffectScatterChart, HeatmapChart, GridComponent, GeoComponent, LegendComponent, VisualMapContinuousComponent, CanvasRenderer])

/** ECharts modules, registered once for the whole app: only what the screens draw is bundled. */
import { BarChart, EffectScatterChart, HeatmapChart, LineChart, LinesChart, ScatterChart } from 'echarts/charts'
import { GeoComponent, GraphicComponent, GridComponent, LegendComponent, VisualMapContinuousComponent } from 'echarts/components'
import { use } from 'echarts/core'
// Without it `labelLayout` is ignored: the map's labels would be drawn where they fall, over each other.
import { LabelLayout } from 'echarts/features'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, LinesChart, ScatterChart, EffectScatterChart, HeatmapChart, GridComponent, GeoComponent, GraphicComponent, LegendComponent, VisualMapContinuousComponent, LabelLayout, CanvasRenderer])

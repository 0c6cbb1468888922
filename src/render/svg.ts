/**
 * Dependency-free SVG plots: `linePlot` (curves against a common x, optional log y) and
 * `fieldPlot` (a 2-D scalar field as heat map + contours + colour bar, with paths over
 * it). Output is deterministic (same input, same bytes), all user text is escaped, and
 * every plot has axes with nice ticks, axis titles and a legend.
 */
export { linePlot, type LinePlotOptions, type Series } from './plot/line.js';
export { fieldPlot, type FieldPlotOptions, type Overlay } from './plot/field.js';
export { type MarkerShape } from './plot/util.js';
export { type ColormapName, viridis } from './plot/colormap.js';

/**
 * The render room without Node: derivation documents to terminal text, LaTeX, HTML
 * fragments and pages as strings, and SVG plots. `lagrangian/core` exports this; the
 * room's door (index.ts) adds the offline page written with KaTeX's fonts from disk.
 */
export {
  type Derivation,
  type Step,
  type Block,
  type Cell,
  type EquationRow,
  type MathItem,
  type MathText,
  type EquationRelation,
  type Prose,
  isMathText,
} from '../document/index.js';
export { RenderError, mathText, mathLatex, escapeLatexText, escapeHtml, RELATION_TEXT, RELATION_LATEX } from './math.js';
export { renderText, displayWidth, type TextOptions } from './text.js';
export { renderLatex, alignBlock, alignRows, type LatexOptions } from './latex.js';
export { renderHtmlBody, renderHtmlPage, renderMathHtml, renderLatexHtml, DERIVATION_CSS, type HtmlOptions } from './html.js';
export { linePlot, fieldPlot, viridis, type LinePlotOptions, type Series, type FieldPlotOptions, type Overlay, type MarkerShape, type ColormapName } from './svg.js';
// The colour scale option of fieldPlot (PNG output of a plot, svgToPng, is Node's: resvg).
export type { ColorScaleKind } from './plot/colorscale.js';

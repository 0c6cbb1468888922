/**
 * The render room: derivation documents to terminal text, LaTeX and a self-contained
 * HTML page (KaTeX, fonts inlined), and SVG plots. It prints; it computes nothing.
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
export { renderHtml } from './html-page.js';
export { linePlot, fieldPlot, viridis, type LinePlotOptions, type Series, type FieldPlotOptions, type Overlay, type MarkerShape, type ColormapName } from './svg.js';

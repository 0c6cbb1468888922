/**
 * PNG pictures of the SVG plots, for slides, papers and tools that take no SVG. The
 * rasteriser is resvg (npm @resvg/resvg-js, a prebuilt native module): loaded on first
 * use only, so the library and the CLI start without it. Text uses the system's fonts
 * (Liberation Sans, else DejaVu Sans, on Debian).
 */
import { createRequire } from 'node:module';

/** Options of `svgToPng`. */
export interface RasterOptions {
  /** Pixels per SVG pixel (default 2: sharp on high-density screens and in print at ~150 dpi). */
  readonly scale?: number;
}

interface Rendered {
  asPng(): Uint8Array;
  readonly pixels: Uint8Array;
  readonly width: number;
  readonly height: number;
}
interface ResvgModule {
  Resvg: new (svg: string, options: object) => { render(): Rendered };
}

let resvg: ResvgModule | undefined;

function render(svg: string, scale: number): Rendered {
  resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
  return new resvg.Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
  }).render();
}

/** The PNG bytes of an SVG document, on a white background, `scale` times its pixel size. */
export function svgToPng(svg: string, options: RasterOptions = {}): Uint8Array {
  return render(svg, options.scale ?? 2).asPng();
}

/** The rendered pixels (RGBA, row by row from the top) of an SVG document, for checks on what a reader sees. */
export function svgToPixels(svg: string, options: RasterOptions = {}): { width: number; height: number; rgba: Uint8Array } {
  const r = render(svg, options.scale ?? 1);
  return { width: r.width, height: r.height, rgba: r.pixels };
}

/**
 * SVG to PNG for e-mail: Gmail and Outlook drop inline SVG, so e-mailed charts are the same SVG
 * rasterised (resvg, prebuilt per platform, no browser). Rendered at twice the size for sharp
 * text on high-density screens; `width`/`height` are the CSS size to show it at.
 */
import { Resvg } from '@resvg/resvg-js';

export interface Png {
  data: Buffer;
  width: number;
  height: number;
}

const SCALE = 2;

export function svgToPng(svg: string): Png {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: SCALE },
    background: '#ffffff',
    // Chart labels need a sans-serif system font (Debian: fonts-dejavu-core); without one they are left out.
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  const rendered = resvg.render();
  return { data: Buffer.from(rendered.asPng()), width: Math.round(rendered.width / SCALE), height: Math.round(rendered.height / SCALE) };
}

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

// Reads back a QR the renderer drew as SVG, with a real decoder: what a phone's camera would read.

/** The SVG's QR as a PNG, 8 px a module (its path is `M{x} {y}h1v1h-1z` per dark module), for zbarimg. */
export function svgQrToPng(html: string, file: string): string {
  // Case-blind: server rendering writes a component root's attributes lower-cased (`viewbox`), which an HTML parser maps back to `viewBox`.
  const side = Number(/viewBox="0 0 (\d+) \1"/iu.exec(html)![1]);
  const scale = 8;
  const png = new PNG({ width: side * scale, height: side * scale });
  png.data.fill(255);
  for (const [, x, y] of html.matchAll(/M(\d+) (\d+)h1v1h-1z/gu))
    for (let dy = 0; dy < scale; dy += 1)
      for (let dx = 0; dx < scale; dx += 1) {
        const at = ((Number(y) * scale + dy) * side * scale + Number(x) * scale + dx) * 4;
        png.data[at] = png.data[at + 1] = png.data[at + 2] = 0;
      }
  writeFileSync(file, PNG.sync.write(png));
  return file;
}
export const zbar = (png: string) =>
  execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim()
    .split('\n');

import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import { columnsOf } from '../../../shared/domain/sale-receipt';
import type { Block } from './escpos-decoder';

/** Renders a decoded job as the paper would look (1 px = 1 printer dot), as PNG, for the technician. */
const CJK_FONTS = ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'];
const FONT_FAMILY = 'PreviewCJK';
let fontsLoaded = false;

function loadFonts(): void {
  if (fontsLoaded) return;
  fontsLoaded = true;
  const font = CJK_FONTS.find((path) => existsSync(path));
  if (font) GlobalFonts.registerFromPath(font, FONT_FAMILY);
}

const MARGIN = 12;
const LINE = 30;
/** The printer's font A cell: 12 dots a column (a CJK character takes two), as the layouts count them. */
const COLUMN_DOTS = 12;
const QUIET_MODULES = 4;

interface Placed {
  height: number;
  draw(ctx: SKRSContext2D, y: number, width: number): void;
}

function place(block: Block): Placed {
  switch (block.kind) {
    case 'text': {
      const size = 24 * block.scale;
      return {
        height: LINE * block.scale,
        draw(ctx, y, width) {
          ctx.font = `${block.bold ? 'bold ' : ''}${size}px ${FONT_FAMILY}, sans-serif`;
          ctx.fillStyle = '#000';
          ctx.textBaseline = 'top';
          // Each character in its own cell, as the printer's fixed-width font prints it: columns laid out by
          // counting (receipts, slips) line up in the picture as on paper, whatever the drawing font's widths.
          const column = COLUMN_DOTS * block.scale;
          const span = columnsOf(block.text) * column;
          // The printable width is the canvas (48 columns on 80 mm from dot 0), as the printer lays a line out.
          let x = block.align === 'center' ? (width - span) / 2 : block.align === 'right' ? width - span : 0;
          ctx.textAlign = 'left';
          for (const ch of block.text) {
            const cells = columnsOf(ch) * column;
            ctx.fillText(ch, x, y + (LINE * block.scale - size) / 2, cells);
            x += cells;
          }
        },
      };
    }
    case 'qr': {
      const symbol = QRCode.create(block.payload, { errorCorrectionLevel: block.ecc });
      const cell = Math.max(1, block.cellSize);
      const side = (symbol.modules.size + 2 * QUIET_MODULES) * cell;
      return {
        height: side,
        draw(ctx, y, width) {
          const left = Math.floor((width - side) / 2) + QUIET_MODULES * cell;
          ctx.fillStyle = '#000';
          for (let r = 0; r < symbol.modules.size; r += 1) {
            for (let c = 0; c < symbol.modules.size; c += 1) {
              if (symbol.modules.get(r, c)) ctx.fillRect(left + c * cell, y + QUIET_MODULES * cell + r * cell, cell, cell);
            }
          }
        },
      };
    }
    case 'raster': {
      const bits = Buffer.from(block.data, 'base64');
      const widthDots = block.widthBytes * 8;
      return {
        height: block.height,
        draw(ctx, y, width) {
          const left = Math.floor((width - widthDots) / 2);
          ctx.fillStyle = '#000';
          for (let row = 0; row < block.height; row += 1) {
            for (let col = 0; col < widthDots; col += 1) {
              const byte = bits[row * block.widthBytes + (col >> 3)] ?? 0;
              if (byte & (0x80 >> (col & 7))) ctx.fillRect(left + col, y + row, 1, 1);
            }
          }
        },
      };
    }
    case 'cut':
      return {
        height: 24,
        draw(ctx, y, width) {
          ctx.strokeStyle = '#999';
          ctx.setLineDash([8, 6]);
          ctx.beginPath();
          ctx.moveTo(0, y + 12);
          ctx.lineTo(width, y + 12);
          ctx.stroke();
          ctx.setLineDash([]);
        },
      };
  }
}

export async function renderPreview(blocks: Block[], widthDots = 576): Promise<Buffer> {
  loadFonts();
  const placed = blocks.map(place);
  const height = Math.max(
    40,
    placed.reduce((sum, p) => sum + p.height, 2 * MARGIN),
  );
  const canvas = createCanvas(widthDots, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, widthDots, height);
  let y = MARGIN;
  for (const p of placed) {
    p.draw(ctx, y, widthDots);
    y += p.height;
  }
  // The encoder runs on another thread and reads the canvas; held here until it is done, so the
  // collector cannot free it mid-encode (a crash seen after some hundred jobs). Encoding on this
  // thread instead would stall a host's event loop for every job.
  encoding.add(canvas);
  try {
    return await canvas.encode('png');
  } finally {
    encoding.delete(canvas);
  }
}

const encoding = new Set<unknown>();

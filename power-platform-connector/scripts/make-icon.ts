/**
 * Draws `icon.png` (230×230, as certified connectors need): a white speech bubble on the brand colour, with
 * three echo waves inside it ("kaiku" is Finnish for echo). Run: `node --import tsx <this file>`.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { connectorSettings } from './build-definition.js';

const size = 230;
const samples = 4; // per axis, for smooth edges

function hexColour(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Whether a point (in pixels) is white: inside the bubble and not on one of the waves. */
function isWhite(x: number, y: number): boolean {
  const [cx, cy, r] = [115, 106, 74];
  const d = Math.hypot(x - cx, y - cy);
  const inTail = y > cy + 30 && y < 196 && x > 58 && x < 110 && x - 58 > (y - (cy + 30)) * 0.15 && x < 110 - (y - (cy + 30)) * 0.55;
  if (d > r && !inTail) return false;
  // Echo waves: arcs to the right of a dot, like sound leaving a mouth.
  const [wx, wy] = [88, 106];
  const w = Math.hypot(x - wx, y - wy);
  if (w < 11) return false;
  const angle = Math.abs(Math.atan2(y - wy, x - wx));
  if (angle < 0.85) for (const radius of [28, 48, 68]) if (Math.abs(w - radius) < 6 && d < r - 8) return false;
  return true;
}

function crc32(buf: Buffer): number {
  let crc = ~0;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The icon as PNG bytes (8-bit RGB). */
export function drawIcon(brandColour: string = connectorSettings.brandColor): Buffer {
  const brand = hexColour(brandColour);
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then RGB
    for (let x = 0; x < size; x++) {
      let white = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) if (isWhite(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples)) white++;
      }
      const t = white / (samples * samples);
      for (let c = 0; c < 3; c++) row[1 + x * 3 + c] = Math.round((brand[c] ?? 0) * (1 - t) + 255 * t);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, RGB, deflate, no filter, no interlace
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

if (process.argv[1]?.endsWith('make-icon.ts')) {
  writeFileSync(new URL('../icon.png', import.meta.url), drawIcon());
  console.log('wrote icon.png');
}

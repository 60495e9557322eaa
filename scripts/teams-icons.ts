// The Teams app icons, drawn and encoded with Node built-ins only:
//   color.png   192×192, a white maple leaf on a solid #AF3C43 square (RGB);
//   outline.png  32×32, the same leaf in white on a transparent background (RGBA).
// The PNGs are committed in appPackage/; regenerate them with `npx tsx scripts/teams-icons.ts`
// (`npm run teams:package` only checks them, it never redraws them).
// Also exports a small PNG reader used by teams-package.ts to check the icons.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';
import { crc32 } from './teams-zip.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const COLOR_BACKGROUND = [0xaf, 0x3c, 0x43] as const;

/**
 * The maple leaf of the flag of Canada (the arcs of the official outline replaced by straight
 * lines), y pointing down, left half from the stem up to the top point; the right half mirrors it.
 */
const LEFT_HALF: ReadonlyArray<readonly [number, number]> = [
  [-90, 2030],
  [-45, 1167],
  [-156, 1069],
  [-1015, 1220],
  [-899, 900],
  [-919, 827],
  [-1860, 65],
  [-1648, -34],
  [-1614, -113],
  [-1800, -685],
  [-1258, -570],
  [-1185, -608],
  [-1080, -855],
  [-657, -401],
  [-546, -458],
  [-750, -1510],
  [-423, -1321],
  [-332, -1348],
  [0, -2000],
];
const LEAF: ReadonlyArray<readonly [number, number]> = [
  ...LEFT_HALF,
  ...LEFT_HALF.slice(0, -1)
    .reverse()
    .map(([x, y]) => [-x, y] as const),
];
const LEAF_TOP = -2000;
const LEAF_BOTTOM = 2030;

function insideLeaf(x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = LEAF.length - 1; i < LEAF.length; j = i++) {
    const [xi, yi] = LEAF[i]!;
    const [xj, yj] = LEAF[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Fraction (0–1) of each pixel covered by the leaf, `leafHeight` pixels tall, centred in a size×size square. */
function leafCoverage(size: number, leafHeight: number, samples = 8): Float64Array {
  const scale = (LEAF_BOTTOM - LEAF_TOP) / leafHeight; // leaf units per pixel
  const centreY = (LEAF_TOP + LEAF_BOTTOM) / 2;
  const coverage = new Float64Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples - size / 2) * scale;
          const y = (py + (sy + 0.5) / samples - size / 2) * scale + centreY;
          if (insideLeaf(x, y)) hits++;
        }
      }
      coverage[py * size + px] = hits / (samples * samples);
    }
  }
  return coverage;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes 8-bit RGB (3 channels, colour type 2) or RGBA (4 channels, colour type 6) pixels as a PNG. */
function encodePng(width: number, height: number, channels: 3 | 4, pixels: Uint8Array): Buffer {
  if (pixels.length !== width * height * channels) throw new Error('encodePng: pixel buffer size mismatch');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 4 ? 6 : 2; // colour type
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** Pixels as RGBA, 4 bytes each (alpha 255 for colour types without alpha). */
  rgba: Uint8Array;
}

/**
 * Decodes a PNG: checks the signature and every chunk's CRC, reads IHDR and decodes the image data
 * for 8-bit, non-interlaced greyscale, RGB, grey+alpha and RGBA images (all five filter types).
 */
export function decodePng(file: Uint8Array): DecodedPng {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file (bad signature)');
  let pos = 8;
  let header: { width: number; height: number; bitDepth: number; colorType: number; interlace: number } | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (pos + 12 <= buf.length && !ended) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    if (pos + 12 + length > buf.length) throw new Error(`PNG chunk ${type} is truncated`);
    const data = buf.subarray(pos + 8, pos + 8 + length);
    if (crc32(buf.subarray(pos + 4, pos + 8 + length)) !== buf.readUInt32BE(pos + 8 + length)) {
      throw new Error(`PNG chunk ${type} has a bad CRC`);
    }
    if (type === 'IHDR') {
      header = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        bitDepth: data[8]!,
        colorType: data[9]!,
        interlace: data[12]!,
      };
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    pos += 12 + length;
  }
  if (!header) throw new Error('PNG has no IHDR chunk');
  if (!ended) throw new Error('PNG has no IEND chunk');
  const { width, height, bitDepth, colorType, interlace } = header;
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (bitDepth !== 8 || channels === undefined || interlace !== 0) {
    throw new Error(
      `PNG format not supported by this reader (bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace})`,
    );
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height) throw new Error('PNG image data has the wrong size');
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[y * stride + i - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= channels && y > 0 ? out[(y - 1) * stride + i - channels]! : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a),
            pb = Math.abs(p - b),
            pc = Math.abs(p - c);
          if (pa <= pb && pa <= pc) predictor = a;
          else predictor = pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`PNG row ${y} has unknown filter type ${filter}`);
      }
      out[y * stride + i] = (line[i]! + predictor) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const s = out.subarray(p * channels, (p + 1) * channels);
    rgba.set(toRgba(s, channels), p * 4);
  }
  return { width, height, bitDepth, colorType, rgba };
}

/** One pixel's RGBA from its 1 (grey), 2 (grey, alpha), 3 (RGB) or 4 (RGBA) channels. */
function toRgba(s: Uint8Array, channels: number): number[] {
  const grey = channels <= 2;
  const [r, g, b] = grey ? [s[0]!, s[0]!, s[0]!] : [s[0]!, s[1]!, s[2]!];
  const alpha = channels === 2 || channels === 4 ? s[channels - 1]! : 255;
  return [r, g, b, alpha];
}

/** 192×192 colour icon: white leaf on #AF3C43, anti-aliased, no transparency. */
function drawColorIcon(): Buffer {
  const size = 192;
  const coverage = leafCoverage(size, 132);
  const pixels = new Uint8Array(size * size * 3);
  for (let p = 0; p < size * size; p++) {
    const t = coverage[p]!;
    for (let ch = 0; ch < 3; ch++) pixels[p * 3 + ch] = Math.round(COLOR_BACKGROUND[ch]! * (1 - t) + 255 * t);
  }
  return encodePng(size, size, 3, pixels);
}

/** 32×32 outline icon: white leaf, transparent background; every pixel is #FFFFFF, coverage in alpha. */
function drawOutlineIcon(): Buffer {
  const size = 32;
  const coverage = leafCoverage(size, 28);
  const pixels = new Uint8Array(size * size * 4);
  for (let p = 0; p < size * size; p++) {
    pixels.set([255, 255, 255, Math.round(255 * coverage[p]!)], p * 4);
  }
  return encodePng(size, size, 4, pixels);
}

/** Writes color.png and outline.png into `dir`. */
function generateIcons(dir: string): void {
  writeFileSync(join(dir, 'color.png'), drawColorIcon());
  writeFileSync(join(dir, 'outline.png'), drawOutlineIcon());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = fileURLToPath(new URL('../appPackage/', import.meta.url));
  generateIcons(dir);
  console.log(`wrote ${join(dir, 'color.png')} and ${join(dir, 'outline.png')}`);
}

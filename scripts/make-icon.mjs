// Draws the 128×128 extension icon (a shield with a check mark) as a PNG, with no image library.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const pixels = Buffer.alloc(size * size * 4);
const set = (x, y, [r, g, b, a]) => pixels.set([r, g, b, a], (y * size + x) * 4);

function insideShield(x, y) {
  const cx = 64,
    top = 14,
    bottom = 116,
    half = 44;
  if (y < top || y > bottom) return false;
  const t = (y - top) / (bottom - top);
  // Straight sides for the upper half, then a curve into the point.
  const width = t < 0.5 ? half : half * Math.cos(((t - 0.5) / 0.5) * (Math.PI / 2));
  return Math.abs(x - cx) <= width;
}

function onCheck(x, y) {
  const distance = (px, py, ax, ay, bx, by) => {
    const dx = bx - ax,
      dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
  };
  return distance(x, y, 42, 64, 58, 80) < 6 || distance(x, y, 58, 80, 88, 46) < 6;
}

for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    if (onCheck(x, y) && insideShield(x, y)) set(x, y, [255, 255, 255, 255]);
    else if (insideShield(x, y)) set(x, y, [35, 47, 62, 255]);
    else if (insideShield(x - 3, y) || insideShield(x + 3, y) || insideShield(x, y + 3) || insideShield(x, y - 3)) set(x, y, [255, 153, 0, 255]);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8);
const rows = Buffer.concat(Array.from({ length: size }, (_, y) => Buffer.concat([Buffer.from([0]), pixels.subarray(y * size * 4, (y + 1) * size * 4)])));
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);

// Writes the app's PNG icons into public/ (a white "У" on the portal blue),
// with no image library: a minimal PNG encoder over node:zlib. Run once;
// the icons are committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

function icon(size, maskable) {
  const blue = [0x0d, 0x4c, 0xd3];
  const rows = [];
  const r = maskable ? 0 : size * 0.18; // rounded corners unless maskable
  const s = size / 100; // glyph drawn on a 100×100 grid
  const inGlyph = (x, y) => {
    const gx = x / s, gy = y / s;
    const diag = gy >= 25 && gy <= 78 && Math.abs(gx - (70 - (gy - 25) * 0.62)) <= 5.5;
    const leftArm = gy >= 25 && gy <= 52 && Math.abs(gx - (32 + (gy - 25) * 0.55)) <= 5.5;
    return diag || leftArm;
  };
  for (let y = 0; y < size; y++) {
    const row = [0];
    for (let x = 0; x < size; x++) {
      const cx = Math.min(x, size - 1 - x), cy = Math.min(y, size - 1 - y);
      const outside = cx < r && cy < r && (r - cx) ** 2 + (r - cy) ** 2 > r * r;
      if (outside) row.push(0, 0, 0, 0);
      else if (inGlyph(x, y)) row.push(255, 255, 255, 255);
      else row.push(...blue, 255);
    }
    rows.push(Buffer.from(row));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../public/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), icon(192, false));
writeFileSync(new URL('icon-512.png', out), icon(512, false));
writeFileSync(new URL('icon-maskable-512.png', out), icon(512, true));
writeFileSync(new URL('apple-touch-icon.png', out), icon(180, true));

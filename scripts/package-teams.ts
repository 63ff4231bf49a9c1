import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync, deflateSync } from 'node:zlib';

// Builds the Teams app package dist/teams-app.zip: manifest.json with {{MICROSOFT_APP_ID}}
// replaced, and the two icons. `--icons` regenerates the committed icon PNGs. No zip or PNG
// library: both formats are small enough to write with node:zlib.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_DIR = join(root, 'manifest/teams');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function renderManifest(template: string, appId: string): Record<string, unknown> {
  if (!GUID.test(appId)) throw new Error(`MICROSOFT_APP_ID must be the Azure bot's app id (a GUID); got "${appId}"`);
  const text = template.replaceAll('{{MICROSOFT_APP_ID}}', appId);
  if (text.includes('{{')) throw new Error('manifest.json has a placeholder other than {{MICROSOFT_APP_ID}}');
  return JSON.parse(text) as Record<string, unknown>;
}

// ---- PNG ---------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG from a pixel function. */
export function encodePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number],
): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width, height and colour type from a PNG's IHDR. */
export function pngInfo(png: Buffer): { width: number; height: number; colorType: number } {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a' || png.subarray(12, 16).toString('ascii') !== 'IHDR')
    throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png[25]! };
}

/** A speech bubble with a raised hand: the colour icon on the accent colour, the outline white on transparent. */
function bubble(size: number, x: number, y: number): boolean {
  const s = size;
  const inBody = x >= s * 0.18 && x < s * 0.82 && y >= s * 0.2 && y < s * 0.68;
  const inTail = y >= s * 0.68 && y < s * 0.82 && x >= s * 0.3 && x < s * 0.3 + (s * 0.82 - y) * 0.9;
  return inBody || inTail;
}

function bar(size: number, x: number, y: number): boolean {
  return x >= size * 0.3 && x < size * 0.7 && y >= size * 0.42 && y < size * 0.48;
}

export function colorIcon(): Buffer {
  const size = 192;
  return encodePng(size, size, (x, y) =>
    bubble(size, x, y) ? (bar(size, x, y) ? [0x2f, 0x5d, 0x62, 255] : [255, 255, 255, 255]) : [0x2f, 0x5d, 0x62, 255],
  );
}

export function outlineIcon(): Buffer {
  const size = 32;
  return encodePng(size, size, (x, y) => {
    const inside = bubble(size, x, y);
    const edge =
      inside && !(bubble(size, x - 2, y) && bubble(size, x + 2, y) && bubble(size, x, y - 2) && bubble(size, x, y + 2));
    return edge || (inside && bar(size, x, y)) ? [255, 255, 255, 255] : [255, 255, 255, 0];
  });
}

// ---- ZIP ---------------------------------------------------------------------------------------

/** A zip archive (deflate) of flat file names. */
export function zip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const compressed = deflateRawSync(file.data);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0x00210000, 10); // time 00:00, date 1980-01-01: reproducible builds
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export function buildPackage(appId: string): Buffer {
  const manifest = renderManifest(readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8'), appId);
  const icons = manifest.icons as { color: string; outline: string };
  return zip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: icons.color, data: readFileSync(join(MANIFEST_DIR, icons.color)) },
    { name: icons.outline, data: readFileSync(join(MANIFEST_DIR, icons.outline)) },
  ]);
}

function main(argv: string[]): void {
  if (argv.includes('--icons')) {
    writeFileSync(join(MANIFEST_DIR, 'color.png'), colorIcon());
    writeFileSync(join(MANIFEST_DIR, 'outline.png'), outlineIcon());
    console.log('wrote manifest/teams/color.png and outline.png');
    return;
  }
  const appId = process.env.MICROSOFT_APP_ID?.trim() ?? '';
  const out = join(root, 'dist/teams-app.zip');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, buildPackage(appId));
  console.log(`wrote ${out} for app id ${appId}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}

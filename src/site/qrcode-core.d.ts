/**
 * `qrcode`'s core alone (lib/core/qrcode.js): the module matrix, without the package's renderers
 * (PNG through pngjs, terminal, SVG strings) that its main entry loads with it. @types/qrcode
 * types the main entry only; `create` here is the same function it re-exports.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  import type { QRCode, QRCodeOptions } from 'qrcode';
  export function create(text: string, options?: QRCodeOptions): QRCode;
}

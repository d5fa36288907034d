// Reading printed PDFs in the tests: how many pages, from the page objects, also where a PDF
// keeps its objects in compressed object streams (Firefox's do).
import { inflateSync } from 'node:zlib';

/** The number of pages of `pdf` (a Buffer). */
export function pdfPageCount(pdf) {
  const raw = pdf.toString('latin1');
  const texts = [raw];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      texts.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // Not a Flate stream (an image, a font): no page objects in it.
    }
  }
  return texts.reduce((n, text) => n + (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length, 0);
}

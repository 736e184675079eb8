import type { Test } from 'supertest';

/** supertest: buffer a binary response (XLSX, ZIP, image) and hand its body over as a Buffer. */
export function binary(req: Test): Test {
  return req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { readMultipart, type MultipartLimits } from './multipart';

const BOUNDARY = '----sanwu-test-boundary';

function body(parts: { name: string; filename?: string; bytes: Buffer | string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = p.filename
      ? `form-data; name="${p.name}"; filename="${p.filename}"`
      : `form-data; name="${p.name}"`;
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(p.bytes) ? p.bytes : Buffer.from(p.bytes));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** A request stream carrying `payload`, sent in small chunks like a network would. */
function request(payload: Buffer, headers: Record<string, string> = {}): IncomingMessage {
  const stream = new PassThrough() as unknown as IncomingMessage & PassThrough;
  stream.headers = {
    'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    'content-length': String(payload.length),
    ...headers,
  };
  setImmediate(() => {
    for (let i = 0; i < payload.length; i += 16 * 1024) stream.write(payload.subarray(i, i + 16 * 1024));
    stream.end();
  });
  return stream;
}

const LIMITS: MultipartLimits = {
  maxFiles: 2,
  maxFileBytes: 1000,
  maxTotalBytes: 5000,
  limitFor: (head) => (head[0] === 0x25 ? { bytes: 1000, label: 'PDF 文件' } : { bytes: 100, label: '图片' }),
};

describe('readMultipart', () => {
  it('reads files and fields, keeping Chinese file names', async () => {
    const result = await readMultipart(
      request(
        body([
          { name: 'note', bytes: '说明' },
          { name: 'file', filename: '公开栏.png', bytes: Buffer.alloc(50, 1) },
        ]),
      ),
      LIMITS,
    );
    expect(result.fields).toEqual({ note: '说明' });
    expect(result.files).toEqual([{ field: 'file', filename: '公开栏.png', bytes: Buffer.alloc(50, 1) }]);
  });

  it.each([
    [
      'a file over the limit of its kind',
      [{ name: 'file', filename: 'a.jpg', bytes: Buffer.alloc(101, 1) }],
      413,
      '图片不能超过',
    ],
    [
      'a file over the hard cap',
      [{ name: 'file', filename: 'a.pdf', bytes: Buffer.concat([Buffer.from('%PDF'), Buffer.alloc(1000)]) }],
      413,
      'PDF 文件不能超过',
    ],
    [
      'too many files',
      [1, 2, 3].map((i) => ({ name: 'file', filename: `${i}.png`, bytes: Buffer.alloc(10, 1) })),
      400,
      '一次最多上传 2 个文件',
    ],
  ])('refuses %s', async (_case, parts, status, message) => {
    const err = (await readMultipart(request(body(parts)), LIMITS).catch((e: unknown) => e)) as {
      status: number;
      message: string;
    };
    expect(err.status).toBe(status);
    expect(err.message).toContain(message);
  });

  it('refuses a request whose declared length is over the total before reading it', async () => {
    const req = request(body([{ name: 'file', filename: 'a.png', bytes: Buffer.alloc(10) }]), {
      'content-length': '999999',
    });
    await expect(readMultipart(req, LIMITS)).rejects.toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('refuses a request that is not multipart', async () => {
    const req = request(Buffer.from('{}'), { 'content-type': 'application/json' });
    await expect(readMultipart(req, LIMITS)).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });
});

import ExcelJS from 'exceljs';
import { Attachment } from '../attachments/attachment.model';
import { IMPOSTORS, pdfFixture, pngFixture } from '../attachments/attachments.testing';
import { financeTemplateXlsx } from '../finance/finance-template';
import type { TestApp } from '../test/harness';
import { Disclosure, type DisclosureDoc } from './disclosure.model';
import {
  createDraft,
  expectStatus,
  useDisclosureWorld,
  publishedItem,
  submitAndApprove,
  type World,
} from './testing';

describe('attachments, posting proof and XLSX import of disclosures', () => {
  let t: TestApp;
  let w: World;
  useDisclosureWorld(
    (app, world) => {
      [t, w] = [app, world];
    },
    { tempUploads: true },
  );
  const post = (p: string) => t.request.post(`/api/v1${p}`);

  it('attaches an image and a PDF to a draft; they become public with the publication', async () => {
    const id = await createDraft(t, w);
    const res = await w.as(
      w.users.cadre,
      post(`/disclosures/${id}/attachments`)
        .attach('file', await pngFixture(), '现场.png')
        .attach('file', pdfFixture(), '合同.pdf'),
    );
    expect(res.status).toBe(201);
    const refs = res.body.current.content.attachments as { id: string; name: string }[];
    expect(refs.map((a) => a.name)).toEqual(['现场.png', '合同.pdf']);
    expect((await t.request.get(`/api/v1/attachments/${refs[0]!.id}`)).status).toBe(401);

    await submitAndApprove(t, w, id);
    await expectStatus(w.as(w.users.cadre, post(`/disclosures/${id}/publish`)), 200);
    const served = await t.request.get(`/api/v1/attachments/${refs[1]!.id}`);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.headers['cache-control']).toContain('public');
  });

  it.each(IMPOSTORS)('refuses %s and leaves the draft as it was', async (_name, bytes, filename) => {
    const id = await createDraft(t, w);
    const res = await w.as(
      w.users.cadre,
      post(`/disclosures/${id}/attachments`).attach('file', bytes, filename),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(
      (await Disclosure.findById(id).lean<DisclosureDoc>())!.versions[0]!.content.attachments,
    ).toHaveLength(0);
    expect(await Attachment.countDocuments()).toBe(0);
  });

  it('refuses attachments to a published item without storing the file', async () => {
    const id = await publishedItem(t, w);
    const res = await w.as(
      w.users.cadre,
      post(`/disclosures/${id}/attachments`).attach('file', await pngFixture(), 'a.png'),
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_STATE');
    expect(await Attachment.countDocuments()).toBe(0);
  });

  it('refuses a draft that names an attachment of another village', async () => {
    const foreign = await Attachment.create({
      orgId: w.sibling._id,
      uploaderId: w.users.siblingCadre._id,
      kind: 'pdf',
      mime: 'application/pdf',
      sha256: 'a'.repeat(64),
      size: 10,
      originalSha256: 'a'.repeat(64),
      originalSize: 10,
      originalName: '西河村.pdf',
      createdAt: new Date(),
    });
    const res = await w.as(
      w.users.cadre,
      t.request.post(`/api/v1/orgs/${String(w.village._id)}/disclosures`).send({
        catalogueCode: 'village-plans',
        period: '2026-H1',
        title: '计划',
        blocks: [{ type: 'paragraph', text: '正文' }],
        attachments: [{ id: String(foreign._id), name: 'x.pdf' }],
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('attachments');
  });

  it('records the posting proof of a published item and shows the public when it was posted', async () => {
    const draft = await createDraft(t, w);
    const early = await w.as(
      w.users.cadre,
      post(`/disclosures/${draft}/posting-proof`).attach('file', await pngFixture(), 'a.png'),
    );
    expect(early.body.error.code).toBe('INVALID_STATE');

    const id = await publishedItem(t, w);
    t.clock.set('2026-04-03T10:30:00+08:00');
    const pdf = await w.as(
      w.users.cadre,
      post(`/disclosures/${id}/posting-proof`).attach('file', pdfFixture(), 'a.pdf'),
    );
    expect(pdf.status).toBe(400);
    await expectStatus(
      w.as(
        w.users.cadre,
        post(`/disclosures/${id}/posting-proof`).attach('file', await pngFixture(), '公开栏.png'),
      ),
      201,
    );
    const view = await t.request.get(`/api/v1/disclosures/${id}`);
    expect(view.body.postedAt).toBe('2026-04-03T02:30:00.000Z');
    expect(view.body.postingProofs[0]).toMatchObject({ uploadedBy: '王建国' });
    const photo = await t.request.get(`/api/v1/attachments/${view.body.postingProofs[0].attachmentId}`);
    expect(photo.status).toBe(200);
  });

  it('imports the XLSX template as a draft finance disclosure', async () => {
    const res = await w.as(
      w.users.cadre,
      post(`/orgs/${String(w.village._id)}/finance-statements/import`)
        .field('period', '2026-03')
        .attach('file', await financeTemplateXlsx(), '3月.xlsx'),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'draft', catalogueCode: 'village-finances', period: '2026-03' });
    expect(res.body.current.content.finance.lines.length).toBeGreaterThan(0);
    expect(res.body.title).toContain('东山村');
  });

  it('refuses a broken XLSX naming the cells, and a file that is not XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await financeTemplateXlsx()) as unknown as ArrayBuffer);
    wb.worksheets[0]!.getCell('A7').value = '2026-02-30';
    const broken = Buffer.from(await wb.xlsx.writeBuffer());
    const url = `/orgs/${String(w.village._id)}/finance-statements/import`;
    const bad = await w.as(
      w.users.cadre,
      post(url).field('period', '2026-03').attach('file', broken, 'b.xlsx'),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'A7' });
    const notXlsx = await w.as(
      w.users.cadre,
      post(url).field('period', '2026-03').attach('file', pdfFixture(), 'b.xlsx'),
    );
    expect(notXlsx.status).toBe(400);
    const noPeriod = await w.as(
      w.users.cadre,
      post(url).attach('file', await financeTemplateXlsx(), 'c.xlsx'),
    );
    expect(noPeriod.body.error.code).toBe('VALIDATION_FAILED');
    expect(await Disclosure.countDocuments()).toBe(0);
  });
});

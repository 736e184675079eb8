// Whether an attachment may be read by anyone. An attachment is private to its uploader and
// the staff of its org (policy action 'attachment.read') until something public refers to it:
// a published disclosure, a public feedback item. Those features own that knowledge, so they
// register a check here instead of this module importing them (which would be circular):
//
//   // server/src/disclosures/disclosure.model.ts (or its feature factory)
//   registerAttachmentPublicCheck('disclosures', async (id) =>
//     Boolean(await Disclosure.exists({ status: 'published', 'attachments.id': id })));
//
// A public attachment is served with `Cache-Control: public, max-age=31536000, immutable`:
// its bytes never change (content-addressed). A redaction therefore must publish a NEW
// attachment and stop referring to the old one, rather than expect caches to forget it.

/** Answers whether something public refers to the attachment with this id. */
export type AttachmentPublicCheck = (attachmentId: string) => Promise<boolean>;

const checks = new Map<string, AttachmentPublicCheck>();

/** Registers (or replaces, by name) a check; idempotent so feature factories may call it per app. */
export function registerAttachmentPublicCheck(name: string, check: AttachmentPublicCheck): void {
  checks.set(name, check);
}

/** Removes a check (tests). */
export function unregisterAttachmentPublicCheck(name: string): void {
  checks.delete(name);
}

/** True when any registered check says a public item refers to the attachment. */
export async function isAttachmentPublic(attachmentId: string): Promise<boolean> {
  for (const check of checks.values()) if (await check(attachmentId)) return true;
  return false;
}

import mongoose, { Types } from 'mongoose';
import { ValidationError } from '@sanwu/shared';
import { User } from '../users/user.model';
import type { WechatClient } from '../wechat/wechat-client';

/**
 * Runs resident-written text through WeChat's msg_sec_check when WeChat is configured. A risky
 * text is refused with a clear message (never stored and silently hidden). Only WeChat accounts
 * can be checked (the API needs the writer's openid); staff filing for a villager are trusted.
 * NOTE: when WeChat is unreachable the submission fails with 503 and nothing is stored; the
 * phone keeps the draft and retries with the same Idempotency-Key.
 */
export async function checkContent(
  wechat: WechatClient | undefined,
  userId: string,
  text: string,
): Promise<void> {
  if (!wechat) return;
  const user = await User.findById(userId).select({ wechat: 1 }).lean();
  const openid = user?.wechat?.openid;
  if (!openid) return;
  const result = await wechat.msgSecCheck(openid, text);
  if (result.suggest === 'risky') {
    throw new ValidationError('内容含有违规信息，未能提交，请修改后再试', [
      { path: 'content', message: '内容未通过微信内容安全检测' },
    ]);
  }
}

/**
 * Photos are ids returned by `POST /attachments`: each must exist and have been uploaded by the
 * submitter (so nobody attaches someone else's photo by guessing its id). Read from the
 * `attachments` collection (field `uploaderId`) without importing the attachments feature.
 */
export async function checkImages(userId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await mongoose.connection.collection('attachments').countDocuments({
    _id: { $in: ids.map((id) => new Types.ObjectId(id)) },
    uploaderId: new Types.ObjectId(userId),
  });
  if (found !== ids.length) {
    throw new ValidationError('照片不存在或不是您上传的，请重新上传', [
      { path: 'images', message: '照片不存在或不是您上传的' },
    ]);
  }
}

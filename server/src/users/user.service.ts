import bcrypt from 'bcryptjs';
import { ConflictError, NotFoundError, ValidationError } from '@sanwu/shared';
import { Types } from 'mongoose';
import { User, type UserDoc } from './user.model';

/** bcrypt cost for stored passwords; tests and the demo seed may pass a lower one for speed. */
export const BCRYPT_COST = 10;

/** The rule every staff password must meet (checked on set, not on login). */
export function checkPasswordStrength(password: string): void {
  if (password.length < 8) throw new ValidationError('密码至少 8 位');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password))
    throw new ValidationError('密码须同时包含字母和数字');
}

export interface CreateStaffInput {
  name: string;
  username: string;
  password?: string;
  passwordHash?: string;
  cost?: number;
}

/** Creates a staff account without roles; roles are granted through the grant service. */
export async function createStaffUser(input: CreateStaffInput): Promise<UserDoc> {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{2,31}$/.test(username))
    throw new ValidationError('用户名须为 3–32 位字母、数字、点、横线或下划线');
  if (await User.exists({ username })) throw new ConflictError('用户名已被使用');
  let passwordHash = input.passwordHash;
  if (!passwordHash) {
    if (!input.password) throw new ValidationError('请设置密码');
    checkPasswordStrength(input.password);
    passwordHash = await bcrypt.hash(input.password, input.cost ?? BCRYPT_COST);
  }
  const user = await User.create({ kind: 'staff', name: input.name, username, passwordHash });
  return user.toObject() as UserDoc;
}

export async function getUser(userId: string): Promise<UserDoc> {
  const user = Types.ObjectId.isValid(userId) ? await User.findById(userId).lean<UserDoc>() : null;
  if (!user) throw new NotFoundError('用户不存在');
  return user;
}

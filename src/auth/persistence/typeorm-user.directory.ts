import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Clearance } from '../../kernel/classification';
import type { Role } from '../../kernel/actor';
import { UserDirectory, type UserRecord } from '../application/user-directory';
import { UserEntity } from './user.entity';

export const toRecord = (u: UserEntity): UserRecord => ({
  id: u.id,
  username: u.username,
  roles: u.roles as Role[],
  clearance: u.clearance as Clearance,
  caveats: u.caveats,
  active: u.active,
});

@Injectable()
export class TypeOrmUserDirectory extends UserDirectory {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  private get repo() {
    return this.dataSource.getRepository(UserEntity);
  }

  async findById(id: string): Promise<UserRecord | null> {
    const user = await this.repo.findOneBy({ id });
    return user ? toRecord(user) : null;
  }

  async findByUsername(username: string): Promise<(UserRecord & { passwordHash: string }) | null> {
    const user = await this.repo.findOneBy({ username });
    return user ? { ...toRecord(user), passwordHash: user.passwordHash } : null;
  }

  async supervisorsCleared(classificationRank: number, captions: string[]): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM users WHERE active AND 'supervisor' = ANY(roles) AND $2::text[] <@ caveats
         AND CASE clearance WHEN 'TOP SECRET' THEN 3 WHEN 'SECRET' THEN 2 WHEN 'CONFIDENTIAL' THEN 1 ELSE 0 END >= $1`,
      [classificationRank, captions],
    );
    return rows.map((r) => r.id);
  }

  async list(role?: Role): Promise<UserRecord[]> {
    const query = this.repo.createQueryBuilder('u').where('u.active').orderBy('u.username');
    if (role) query.andWhere(':role = ANY(u.roles)', { role });
    return (await query.getMany()).map(toRecord);
  }

  async namesOf(ids: readonly string[]): Promise<{ id: string; username: string }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query<{ id: string; username: string }[]>(
      `SELECT id, username FROM users WHERE id = ANY($1::uuid[]) ORDER BY username`,
      [ids],
    );
  }
}

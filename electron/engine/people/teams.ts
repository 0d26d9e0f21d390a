/** Steering teams (districts and communes they direct) and community COVID teams (one hamlet each). */
import crypto from 'node:crypto';
import type { peopleApi } from '../../../shared/contract-people';
import { EngineError, msg } from '../../../shared/result';
import { compareVi } from '../../../shared/text';
import { commonAncestor } from '../../../shared/units';
import type { EngineContext, HandlersOf } from '../context';
import { ancestryOf } from '../units/repo';
import {
  checkPeriod,
  type CommunityRow,
  communityRows,
  requirePerson,
  type SteeringRow,
  steeringRows,
  subtreeCodes,
  todayOf,
  toCommunity,
  toSteering,
} from './repo';

/** The team methods of the contract. */
export type TeamsApi = Pick<
  typeof peopleApi,
  | 'teams.steeringList'
  | 'teams.steeringSave'
  | 'teams.steeringDelete'
  | 'teams.communityList'
  | 'teams.communitySave'
  | 'teams.communityDelete'
>;

const noSteering = (id: string) => msg('Không có tổ chỉ đạo {id}', 'No steering team {id}', { id });
const noCommunity = (id: string) => msg('Không có tổ COVID {id}', 'No community team {id}', { id });

/** Lists, saves and deletes teams. */
export function teamsHandlers(engine: EngineContext): HandlersOf<TeamsApi> {
  const db = engine.db;
  const steeringById = (id: string): SteeringRow | undefined =>
    db.prepare('SELECT * FROM steering_teams WHERE id = ? AND deleted = 0').get(id) as SteeringRow | undefined;
  const communityById = (id: string): CommunityRow | undefined =>
    db.prepare('SELECT * FROM community_teams WHERE id = ? AND deleted = 0').get(id) as CommunityRow | undefined;

  return {
    'teams.steeringList': () =>
      steeringRows(db)
        .map((r) => toSteering(db, todayOf(engine), r))
        .sort((a, b) => compareVi(a.name, b.name)),

    'teams.steeringSave': (input, ctx) => {
      const existing = input.id ? steeringById(input.id) : undefined;
      if (input.id && !existing) throw new EngineError('not-found', noSteering(input.id));
      if (input.leaderId) requirePerson(db, input.leaderId);
      const memberIds = [...new Set(input.memberIds)].filter((m) => m !== input.leaderId);
      for (const m of memberIds) requirePerson(db, m);
      for (const c of input.areaCodes) {
        const u = engine.requireUnit(c);
        if (u.level !== 'district' && u.level !== 'commune') {
          throw new EngineError(
            'bad-request',
            msg(
              '{name} ({code}): tổ chỉ đạo phụ trách huyện hoặc xã',
              '{name} ({code}): a steering team directs a district or communes',
              { name: u.name, code: u.code },
            ),
          );
        }
      }
      const from = input.from ?? existing?.from_date ?? todayOf(engine);
      const to = input.to === undefined ? (existing?.to_date ?? null) : input.to;
      checkPeriod(from, to, input.name);
      const id = existing?.id ?? crypto.randomUUID();
      // The team belongs to the smallest unit holding all its areas (sync scope, migration 70).
      const unitCode = commonAncestor([...new Set(input.areaCodes)].map((c) => ancestryOf(db, c)));
      engine.write(
        ctx,
        { action: existing ? 'steering.update' : 'steering.create', reason: input.reason ?? null },
        (tx) =>
          tx.put('steeringTeam', {
            id,
            name: input.name,
            leader_id: input.leaderId,
            member_ids: JSON.stringify(memberIds),
            area_codes: JSON.stringify([...new Set(input.areaCodes)]),
            unit_code: unitCode,
            from_date: from,
            to_date: to,
            notes: input.notes,
            deleted: 0,
          }),
      );
      return toSteering(db, todayOf(engine), steeringById(id)!);
    },

    'teams.steeringDelete': (input, ctx) => {
      if (!steeringById(input.id)) throw new EngineError('not-found', noSteering(input.id));
      engine.write(ctx, { action: 'steering.delete', reason: input.reason }, (tx) =>
        tx.put('steeringTeam', { id: input.id, deleted: 1 }),
      );
      return { id: input.id };
    },

    'teams.communityList': (input) => {
      const scope = subtreeCodes(engine, input.within);
      return communityRows(db)
        .filter((r) => !scope || scope.has(r.hamlet_code))
        .map((r) => toCommunity(db, r))
        .sort((a, b) => compareVi(a.hamletName, b.hamletName) || compareVi(a.name, b.name));
    },

    'teams.communitySave': (input, ctx) => {
      const existing = input.id ? communityById(input.id) : undefined;
      if (input.id && !existing) throw new EngineError('not-found', noCommunity(input.id));
      const hamlet = engine.requireUnit(input.hamletCode);
      if (hamlet.level !== 'hamlet') {
        throw new EngineError(
          'bad-request',
          msg(
            '{name} ({code}): tổ COVID cộng đồng thuộc một ấp',
            '{name} ({code}): a community team belongs to a hamlet',
            { name: hamlet.name, code: hamlet.code },
          ),
        );
      }
      const seen = new Set<string>();
      for (const m of input.members) {
        requirePerson(db, m.personId);
        if (seen.has(m.personId)) {
          throw new EngineError('bad-request', msg('{id}: trùng thành viên', '{id}: listed twice', { id: m.personId }));
        }
        seen.add(m.personId);
      }
      if (input.leaderId && !seen.has(input.leaderId)) {
        throw new EngineError(
          'bad-request',
          msg('{name}: tổ trưởng phải là thành viên', '{name}: the leader must be a member', { name: input.name }),
        );
      }
      const id = existing?.id ?? crypto.randomUUID();
      engine.write(
        ctx,
        { action: existing ? 'community.update' : 'community.create', reason: input.reason ?? null },
        (tx) =>
          tx.put('communityTeam', {
            id,
            hamlet_code: hamlet.code,
            name: input.name,
            leader_id: input.leaderId,
            members: JSON.stringify(input.members.map((m) => ({ personId: m.personId, role: m.role }))),
            households: input.households,
            decision_number: input.decisionNumber,
            decision_date: input.decisionDate,
            notes: input.notes,
            deleted: 0,
          }),
      );
      return toCommunity(db, communityById(id)!);
    },

    'teams.communityDelete': (input, ctx) => {
      if (!communityById(input.id)) throw new EngineError('not-found', noCommunity(input.id));
      engine.write(ctx, { action: 'community.delete', reason: input.reason }, (tx) =>
        tx.put('communityTeam', { id: input.id, deleted: 1 }),
      );
      return { id: input.id };
    },
  };
}

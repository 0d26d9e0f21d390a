/** The sync state of this office, as `sync.status` reports it (per district at the province). */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { formatFingerprint, type OfficeRole } from '../../../shared/bundle-format';
import type { DistrictStatus, SyncIdentity, SyncStatus } from '../../../shared/contract-sync';
import { watermark } from './ack';
import { missingOf, readStoredText } from './chain';

/** The keys this office trusts. */
export function peersOf(db: Database.Database): SyncStatus['peers'] {
  return (
    db
      .prepare('SELECT office_code, role, fingerprint, trusted_at, trusted_how FROM sync_peers ORDER BY office_code')
      .all() as {
      office_code: string;
      role: OfficeRole;
      fingerprint: string;
      trusted_at: string;
      trusted_how: string;
    }[]
  ).map((p) => ({
    office: p.office_code,
    role: p.role,
    fingerprintDisplay: formatFingerprint(p.fingerprint),
    trustedAt: p.trusted_at,
    trustedHow: p.trusted_how,
  }));
}

/** The bundles this office sent (newest first). */
function sentOf(db: Database.Database): SyncStatus['sent'] {
  return (
    db
      .prepare('SELECT seq, kind, change_count, created_at, acked_at, file FROM sync_sent ORDER BY seq DESC LIMIT 50')
      .all() as {
      seq: number;
      kind: string;
      change_count: number;
      created_at: string;
      acked_at: string | null;
      file: string;
    }[]
  ).map((r) => ({
    seq: r.seq,
    kind: r.kind,
    changes: r.change_count,
    createdAt: r.created_at,
    ackedAt: r.acked_at,
    fileName: path.basename(r.file),
  }));
}

/** One district as the province sees it. */
function districtStatus(
  db: Database.Database,
  office: string,
  name: string | null,
  hours: number,
  now: number,
): DistrictStatus {
  const last = db
    .prepare(
      "SELECT seq, applied_at FROM sync_received WHERE office_code = ? AND status = 'applied' ORDER BY seq DESC LIMIT 1",
    )
    .get(office) as { seq: number; applied_at: string } | undefined;
  const held = (
    db.prepare("SELECT seq FROM sync_received WHERE office_code = ? AND status = 'held' ORDER BY seq").all(office) as {
      seq: number;
    }[]
  ).map((r) => r.seq);
  const refusals = db
    .prepare('SELECT count(*) AS n, max(id) AS last FROM sync_refusals WHERE office_code = ?')
    .get(office) as { n: number; last: number | null };
  const lastRefusal = refusals.last
    ? readStoredText(
        (db.prepare('SELECT message FROM sync_refusals WHERE id = ?').get(refusals.last) as { message: string })
          .message,
      )
    : null;
  const conflicts = (
    db.prepare('SELECT count(*) AS n FROM sync_conflicts WHERE office_code = ?').get(office) as { n: number }
  ).n;
  const peer = db.prepare('SELECT fingerprint FROM sync_peers WHERE office_code = ?').get(office) as
    { fingerprint: string } | undefined;
  const age = last ? (now - Date.parse(last.applied_at)) / 3_600_000 : null;
  return {
    office,
    name,
    fingerprintDisplay: peer ? formatFingerprint(peer.fingerprint) : null,
    lastSeq: last?.seq ?? null,
    lastReceivedAt: last?.applied_at ?? null,
    ageHours: age === null ? null : Math.round(age * 10) / 10,
    stale: age === null || age > hours,
    held,
    missing: missingOf(db, office),
    refusals: refusals.n,
    lastRefusal: lastRefusal?.vi ?? null,
    lastRefusalText: lastRefusal,
    conflicts,
  };
}

/** The whole status: what was sent and acknowledged, and at the province every district. */
export function syncStatus(
  db: Database.Database,
  id: SyncIdentity,
  nodeId: string,
  hours: number,
  now: number,
): SyncStatus {
  const lastUntil = (db.prepare('SELECT coalesce(max(until_seq), 0) AS n FROM sync_sent').get() as { n: number }).n;
  const pending = (
    db.prepare('SELECT count(*) AS n FROM changes WHERE seq > ? AND node_id = ?').get(lastUntil, nodeId) as {
      n: number;
    }
  ).n;
  let provinceMissing: number[] = [];
  const provincePeer = db
    .prepare("SELECT last_ack FROM sync_peers WHERE role = 'province' AND last_ack IS NOT NULL")
    .get() as { last_ack: string } | undefined;
  if (provincePeer) provinceMissing = (JSON.parse(provincePeer.last_ack) as { missing: number[] }).missing;
  const districts: DistrictStatus[] = [];
  if (id.role === 'province' && id.office) {
    const known = db
      .prepare(
        "SELECT code, name FROM units WHERE parent_code = ? AND level = 'district' AND deleted = 0 ORDER BY code",
      )
      .all(id.office) as { code: string; name: string }[];
    const offices = new Map<string, string | null>(known.map((k) => [k.code, k.name]));
    const others = db
      .prepare("SELECT office_code FROM sync_peers WHERE role = 'district' UNION SELECT office_code FROM sync_received")
      .all() as { office_code: string }[];
    for (const r of others) if (!offices.has(r.office_code)) offices.set(r.office_code, null);
    for (const [office, name] of [...offices].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      districts.push(districtStatus(db, office, name, hours, now));
    }
  }
  return {
    identity: id,
    staleHours: hours,
    sent: sentOf(db),
    ackedSeq: watermark(db).ackedSeq,
    pending,
    provinceMissing,
    districts,
    peers: peersOf(db),
  };
}

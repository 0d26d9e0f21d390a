/**
 * The post editor's form: one value object instead of a field-per-state, built from a stored post
 * (or the defaults of a new one), and turned into the `posts.save` input.
 */
import type { InputArg } from '../../../../shared/contract';
import type { PostSummary, Staff } from '../../../../shared/contract-posts';
import type { PostKind, PostStatus } from '../../../../shared/posts';
import type { DraftPoint } from './posts-view';

/** What the editor edits. */
export interface PostForm {
  readonly name: string;
  readonly kind: PostKind;
  readonly status: PostStatus;
  /** `YYYY-MM-DD`, or null for "today" when the status changes. */
  readonly statusSince: string | null;
  /** The commune chosen by hand (null with `communeManual` false: the one found from the point). */
  readonly commune: string | null;
  readonly communeManual: boolean;
  readonly commander: string;
  readonly phone: string;
  readonly staff: Staff;
  readonly shiftsPerDay: string;
  /** `HH:MM`, 24 h, Vietnam time. */
  readonly firstStart: string;
  readonly segment: string;
  readonly markers: string;
  readonly neighbour: string;
  readonly parentId: string | null;
}

const NO_STAFF: Staff = { police: 0, military: 0, border_guard: 0, health: 0, volunteer: 0 };

/** The form of a stored post, or of a new one with its presets. */
export function initialForm(
  post: PostSummary | null,
  preset: { readonly commune: string | null; readonly kind: PostKind | null },
): PostForm {
  if (!post) {
    return {
      name: '',
      kind: preset.kind ?? 'checkpoint',
      status: 'active',
      statusSince: null,
      commune: preset.commune,
      communeManual: preset.commune !== null,
      commander: '',
      phone: '',
      staff: NO_STAFF,
      shiftsPerDay: '3',
      firstStart: '06:00',
      segment: '',
      markers: '',
      neighbour: '',
      parentId: null,
    };
  }
  return {
    name: post.name,
    kind: post.kind,
    status: post.status,
    statusSince: post.statusSince,
    commune: post.communeCode,
    communeManual: true,
    commander: post.commander,
    phone: post.phone,
    staff: { ...post.staff },
    shiftsPerDay: String(post.pattern.shiftsPerDay),
    firstStart: post.pattern.firstStart,
    segment: post.borderSegment,
    markers: post.markers,
    neighbour: post.neighbourCountry,
    parentId: post.parentId,
  };
}

/** True for the kinds that carry border fields. */
export function isBorderKind(kind: PostKind): boolean {
  return kind === 'border_post' || kind === 'control_point';
}

/** The `posts.save` input of the form at `point`, with `commune` the one to store. */
export function saveInput(
  id: string | null,
  form: PostForm,
  point: DraftPoint,
  commune: string | null,
): InputArg<'posts.save'> {
  const border = isBorderKind(form.kind);
  return {
    ...(id ? { id } : {}),
    kind: form.kind,
    name: form.name.trim(),
    lon: point.lon,
    lat: point.lat,
    communeCode: commune,
    status: form.status,
    ...(form.statusSince ? { statusSince: form.statusSince } : {}),
    commander: form.commander,
    phone: form.phone,
    staff: form.staff,
    pattern: { shiftsPerDay: Number(form.shiftsPerDay), firstStart: form.firstStart },
    borderSegment: border ? form.segment : '',
    markers: border ? form.markers : '',
    neighbourCountry: border ? form.neighbour : '',
    parentId: form.kind === 'control_point' ? form.parentId : null,
  };
}

/** A typed coordinate (a decimal comma allowed), or NaN. */
export function parseCoord(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text.trim().replace(',', '.'));
}

/** The point two typed coordinates make, or null while either is incomplete or out of range. */
export function typedPoint(latText: string, lonText: string): DraftPoint | null {
  const lat = parseCoord(latText);
  const lon = parseCoord(lonText);
  if (!latText.trim() || !lonText.trim() || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lon, lat };
}

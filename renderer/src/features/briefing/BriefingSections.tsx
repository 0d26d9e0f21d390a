/**
 * The briefing's sections after the map, each a heading and a table (or charts): shared by the
 * print page and the presentation, which only sizes them differently.
 */
import type { Lang } from '../../../../shared/messages';
import { RISK_LEVELS } from '../../../../shared/risk';
import { formatDate, formatDateTime, formatTime } from '../../../../shared/time';
import { useStrings } from '../../i18n/define';
import { formatNumber } from '../../i18n';
import type { BriefingData } from './briefing-data';
import { changeRows, hotRows, postRows, type IncidentRow } from './briefing-model';
import { DayFiguresSection, LevelTrendSection, PostTrendSection } from './FigureSections';
import { strings } from './strings';

interface SectionProps {
  readonly data: BriefingData;
  readonly lang: Lang;
}

function LevelSwatch(props: { readonly level: number }): React.JSX.Element {
  const l = RISK_LEVELS[props.level as 0 | 1 | 2 | 3 | 4];
  return <span className="briefing-swatch" style={{ background: l.colour }} aria-hidden="true" />;
}

/** "→" drawn (the bundled font's subsets have no arrows; a fallback font would differ per machine). */
function Arrow(): React.JSX.Element {
  return (
    <svg width="12" height="8" viewBox="0 0 12 8" className="briefing-arrow" role="img" aria-label="→">
      <path d="M0 4h9M6.5 1l3.5 3-3.5 3" fill="none" stroke="#263238" strokeWidth="1.2" />
    </svg>
  );
}

function levelShort(lang: Lang, level: number): string {
  return level === 0 ? RISK_LEVELS[0][lang] : lang === 'vi' ? `Cấp ${level}` : `Level ${level}`;
}

/** Longest table printed (the whole country can have thousands of red communes): the rest is counted. */
const MAX_ROWS = 150;

/** A heading, then the empty text or a table with its header row (class `print-num` for numbers). */
function TableSection(props: {
  readonly testId: string;
  readonly title: string;
  readonly empty: string | null;
  readonly intro?: React.ReactNode;
  readonly head: readonly (string | readonly [string, 'num'])[];
  readonly children: React.ReactNode;
  /** Rows left out (long lists: a national briefing), said under the table. */
  readonly more?: string | null;
}): React.JSX.Element {
  return (
    <section className="briefing-section" data-testid={props.testId}>
      <h2>{props.title}</h2>
      {props.empty !== null ? (
        <p className="print-muted">{props.empty}</p>
      ) : (
        <>
          {props.intro}
          <table className="print-table">
            <thead>
              <tr>
                {props.head.map((h) =>
                  typeof h === 'string' ? (
                    <th key={h}>{h}</th>
                  ) : (
                    <th key={h[0]} className="print-num">
                      {h[0]}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>{props.children}</tbody>
          </table>
          {props.more && <p className="print-muted">{props.more}</p>}
        </>
      )}
    </section>
  );
}

/** What changed in the last 24 hours: unit, old → new, reason, who. */
export function ChangesSection({ data, lang }: SectionProps): React.JSX.Element {
  const t = useStrings(strings);
  const all = changeRows(data);
  const rows = all.slice(0, MAX_ROWS);
  return (
    <TableSection
      more={all.length > rows.length ? t('moreRows', { n: all.length - rows.length }) : null}
      testId="briefing-changes"
      title={t('changesTitle')}
      empty={rows.length === 0 ? t('changesNone') : null}
      head={[t('colUnit'), t('colChange'), t('colReason'), t('colWho'), t('colSince')]}
    >
      {rows.map((r) => (
        <tr key={r.code}>
          <td>{r.name}</td>
          <td className="briefing-nowrap">
            <LevelSwatch level={r.from} />
            {levelShort(lang, r.from)} <Arrow /> <LevelSwatch level={r.to} />
            {levelShort(lang, r.to)}
          </td>
          <td>{r.reason}</td>
          <td>{r.who}</td>
          <td className="briefing-nowrap">{r.since ? formatDateTime(r.since) : ''}</td>
        </tr>
      ))}
    </TableSection>
  );
}

/** Red and orange areas with their overseers and phones. */
export function HotSection({ data, lang }: SectionProps): React.JSX.Element {
  const t = useStrings(strings);
  const all = hotRows(data, lang);
  const rows = all.slice(0, MAX_ROWS);
  return (
    <TableSection
      more={all.length > rows.length ? t('moreRows', { n: all.length - rows.length }) : null}
      testId="briefing-hot"
      title={t('hotTitle')}
      empty={rows.length === 0 ? t('hotNone') : null}
      head={[t('colUnit'), t('colLevel'), t('colOverseers'), t('colPhone')]}
    >
      {rows.map((r) => (
        <tr key={r.code}>
          <td>{r.name}</td>
          <td className="briefing-nowrap">
            <LevelSwatch level={r.level} />
            {levelShort(lang, r.level)}
          </td>
          <td>
            {r.overseers.length === 0 ? (
              <em className="briefing-warn">{t('noOverseer')}</em>
            ) : (
              r.overseers.map((o) => (
                <div key={o.name + o.role}>
                  {o.name} <span className="print-muted">({o.role})</span>
                </div>
              ))
            )}
          </td>
          <td className="briefing-nowrap">
            {r.overseers.map((o) => (
              <div key={o.name + o.role}>{o.phones.join(', ') || '—'}</div>
            ))}
          </td>
        </tr>
      ))}
    </TableSection>
  );
}

/** Checkpoints: in operation, the day's totals per post. */
export function PostsSection({ data, lang }: SectionProps): React.JSX.Element {
  const t = useStrings(strings);
  const { rows, total, totals } = postRows(data, lang);
  const n = (x: number): string => formatNumber(lang, x);
  return (
    <TableSection
      testId="briefing-posts"
      title={t('postsTitle', { date: formatDate(data.params.date) })}
      empty={total === 0 ? t('postsNone') : null}
      intro={
        <p>
          {t('postsSummary', {
            active: rows.filter((r) => r.active).length,
            total,
            people: n(totals.peopleChecked),
            turned: n(totals.turnedBack),
            incidents: totals.incidents,
          })}
        </p>
      }
      head={[
        t('colPost'),
        t('colCommune'),
        [t('colLogs'), 'num'],
        [t('colPeople'), 'num'],
        [t('colVehicles'), 'num'],
        [t('colTurned'), 'num'],
        [t('colIncidents'), 'num'],
      ]}
    >
      {rows.map((r) => (
        <tr key={r.id}>
          <td>
            {r.name} <span className="print-muted">· {r.kind}</span>
          </td>
          <td>{r.commune}</td>
          <td className="print-num">{r.logs}</td>
          <td className="print-num">{n(r.peopleChecked)}</td>
          <td className="print-num">{n(r.vehiclesChecked)}</td>
          <td className="print-num">{n(r.turnedBack)}</td>
          <td className="print-num">{r.incidents}</td>
        </tr>
      ))}
    </TableSection>
  );
}

/** The day's incidents, numbered as on the map. */
export function IncidentsSection(props: SectionProps & { readonly rows: readonly IncidentRow[] }): React.JSX.Element {
  const t = useStrings(strings);
  const { data, rows } = props;
  return (
    <TableSection
      testId="briefing-incidents"
      title={t('incidentsTitle', { date: formatDate(data.params.date) })}
      empty={rows.length === 0 ? t('incidentsNone') : null}
      head={[
        [t('colNo'), 'num'],
        t('colTime'),
        t('colPost'),
        t('colType'),
        t('colPlace'),
        [t('colPersons'), 'num'],
        t('colHandling'),
      ]}
    >
      {rows.map((r) => (
        <tr key={r.no}>
          <td className="print-num">
            <span className="briefing-incident-no">{r.no}</span>
          </td>
          <td>{formatTime(r.at)}</td>
          <td>{r.post}</td>
          <td>{r.type}</td>
          <td>{r.place}</td>
          <td className="print-num">{r.people}</td>
          <td>{r.handling}</td>
        </tr>
      ))}
    </TableSection>
  );
}

/** Outbreak clusters not closed (with the 28-day suggestion) and lockdowns not ended, with their guards. */
export function ClustersSection({ data, lang }: SectionProps): React.JSX.Element {
  const t = useStrings(strings);
  const postName = new Map(data.posts.map((p) => [p.id, p.name]));
  const lockdownState = {
    upcoming: t('lockdownUpcoming'),
    in_force: t('lockdownInForce'),
    lapsed: t('lockdownLapsed'),
  };
  return (
    <>
      <TableSection
        more={null}
        testId="briefing-clusters"
        title={t('clustersTitle')}
        empty={data.clusters.length === 0 ? t('clustersNone') : null}
        head={[t('colCluster'), t('colUnit'), t('colStatus'), t('colCases'), t('colLastCase'), t('colSuggestion')]}
      >
        {data.clusters.slice(0, MAX_ROWS).map((c) => (
          <tr key={c.id}>
            <td>{c.name}</td>
            <td>{c.unitName}</td>
            <td>{c.status === 'watching' ? t('clusterWatching') : t('clusterActive')}</td>
            <td className="briefing-nowrap">
              {formatNumber(lang, c.activeCases)} / {formatNumber(lang, c.totalCases)}
            </td>
            <td className="briefing-nowrap">{formatDate(c.lastCaseDay)}</td>
            <td>{c.suggestion[lang]}</td>
          </tr>
        ))}
      </TableSection>
      <TableSection
        more={null}
        testId="briefing-lockdowns"
        title={t('lockdownsTitle')}
        empty={data.lockdowns.length === 0 ? t('lockdownsNone') : null}
        head={[t('colLockdown'), t('colUnit'), t('colStatus'), t('colPeriod'), t('colGuards'), t('colReason')]}
      >
        {data.lockdowns.slice(0, MAX_ROWS).map((l) => (
          <tr key={l.id}>
            <td>{l.name}</td>
            <td>{l.unitName}</td>
            <td>{l.state === 'ended' ? '' : lockdownState[l.state]}</td>
            <td className="briefing-nowrap">
              {formatDateTime(l.startsAt)} – {formatDateTime(l.endsAt)}
            </td>
            <td>{l.postIds.map((id) => postName.get(id) ?? id).join(', ')}</td>
            <td>{l.reason}</td>
          </tr>
        ))}
      </TableSection>
    </>
  );
}

/** Every section after the map, in the briefing's order (the print page). */
export function AllSections(
  props: SectionProps & {
    readonly incidents: readonly IncidentRow[];
    readonly chartWidth: number;
    readonly chartHeight: number;
  },
): React.JSX.Element {
  const { data, lang } = props;
  const charts = { data, lang, chartWidth: props.chartWidth, chartHeight: props.chartHeight };
  return (
    <>
      <ChangesSection data={data} lang={lang} />
      <HotSection data={data} lang={lang} />
      <LevelTrendSection {...charts} />
      <PostsSection data={data} lang={lang} />
      <IncidentsSection data={data} lang={lang} rows={props.incidents} />
      <PostTrendSection {...charts} />
      <ClustersSection data={data} lang={lang} />
      <DayFiguresSection {...charts} charts />
    </>
  );
}

/**
 * The administrative document layout of Decree 30/2020/NĐ-CP, shared by the district's report and
 * the province's consolidated report: the issuing body (top left) and the national motto block
 * (top right), number and place-date line, title, body, "Nơi nhận:" (bottom left) and the
 * signature block (bottom right). A4 portrait in Tinos (Times New Roman's metrics), margins top
 * and bottom 20 mm, left 30 mm, right 15 mm (report-print.css).
 */
import type { ReactNode } from 'react';
import {
  REPORT_FIGURE_GROUPS,
  REPORT_FIGURE_LABELS,
  REPORT_TEAM_FIELDS,
  REPORT_TEAM_LABELS,
  placeDateParts,
  type ReportFigure,
  type ReportTeamField,
} from '../../../../../shared/report';
import { useStrings } from '../../../i18n/define';
import type { Lang } from '../../../i18n';
import { strings } from '../strings';
import './report-print.css';

/** A count as printed: thousands with a dot (Vietnamese), "-" when not given. */
export function printedCount(v: number | null): string {
  return v === null ? '-' : v.toLocaleString('vi-VN');
}

/** The whole document. */
export function AdminDocument(props: {
  /** Issuing body lines: the superior body first, the issuing one (bold) last. */
  readonly issuer: readonly string[];
  readonly number: string;
  readonly symbol: string;
  readonly place: string;
  readonly day: string;
  readonly title: string;
  readonly subtitle: string;
  readonly children: ReactNode;
  readonly recipients: readonly string[];
  readonly signTitle: string;
  readonly signer: string;
  readonly prepared?: string;
}): React.JSX.Element {
  const t = useStrings(strings);
  const date = placeDateParts(props.day);
  const issuer = props.issuer.filter((l) => l.trim() !== '');
  return (
    <article className="nd30" data-testid="nd30-document">
      <table className="nd30-head">
        <tbody>
          <tr>
            <td className="nd30-issuer">
              {issuer.slice(0, -1).map((l) => (
                <div key={l}>{l}</div>
              ))}
              <div className="nd30-bold">{issuer[issuer.length - 1]}</div>
              <div className="nd30-rule" />
            </td>
            <td className="nd30-motto">
              <div className="nd30-bold">{t('motto1')}</div>
              <div className="nd30-bold nd30-motto2">{t('motto2')}</div>
              <div className="nd30-rule nd30-rule-wide" />
            </td>
          </tr>
          <tr>
            <td className="nd30-number">
              {t('number', { n: props.number || '\u00a0\u00a0\u00a0\u00a0\u00a0', symbol: props.symbol })}
            </td>
            <td className="nd30-date">{t('placeDate', { place: props.place, ...date })}</td>
          </tr>
        </tbody>
      </table>
      <h1 className="nd30-title">{props.title}</h1>
      <p className="nd30-subtitle">{props.subtitle}</p>
      <div className="nd30-rule nd30-rule-title" />
      <section className="nd30-body">{props.children}</section>
      <table className="nd30-foot">
        <tbody>
          <tr>
            <td className="nd30-recipients">
              <div className="nd30-recipients-label">{t('recipientsLabel')}</div>
              {props.recipients.map((r, i) => (
                <div key={`${i}-${r}`}>
                  - {r}
                  {i === props.recipients.length - 1 ? '.' : ';'}
                </div>
              ))}
            </td>
            <td className="nd30-sign">
              <div className="nd30-bold">{props.signTitle}</div>
              <div className="nd30-sign-space" />
              <div className="nd30-bold">{props.signer || t('unsigned')}</div>
              {props.prepared && <div className="nd30-prepared">{props.prepared}</div>}
            </td>
          </tr>
        </tbody>
      </table>
    </article>
  );
}

/** The figures as a two-column table, by group (rows with nothing given are left out). */
export function FiguresTable(props: {
  readonly figures: Readonly<Record<ReportFigure, number | null>>;
  readonly lang: Lang;
}): React.JSX.Element {
  const t = useStrings(strings);
  return (
    <table className="nd30-table">
      <thead>
        <tr>
          <th>{t('item')}</th>
          <th className="nd30-num">{t('value')}</th>
        </tr>
      </thead>
      <tbody>
        {REPORT_FIGURE_GROUPS.flatMap((g) => [
          <tr key={g.label.vi} className="nd30-group">
            <td colSpan={2}>{g.label[props.lang]}</td>
          </tr>,
          ...g.keys.map((k) => (
            <tr key={k}>
              <td>{REPORT_FIGURE_LABELS[k][props.lang]}</td>
              <td className="nd30-num">{printedCount(props.figures[k])}</td>
            </tr>
          )),
        ])}
      </tbody>
    </table>
  );
}

/** The teams' work as sentences. */
export function TeamsList(props: {
  readonly teams: Readonly<Record<ReportTeamField, number | null>>;
  readonly lang: Lang;
}): React.JSX.Element {
  return (
    <ul className="nd30-list">
      {REPORT_TEAM_FIELDS.map((k) => (
        <li key={k}>
          {REPORT_TEAM_LABELS[k][props.lang]}: {printedCount(props.teams[k])}
        </li>
      ))}
    </ul>
  );
}

/** Paragraphs of a typed text (one per line), or "None." */
export function Paragraphs(props: { readonly text: string }): React.JSX.Element {
  const t = useStrings(strings);
  const lines = props.text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return <p className="nd30-p">{t('none')}</p>;
  return (
    <>
      {lines.map((l, i) => (
        <p key={i} className="nd30-p">
          {l}
        </p>
      ))}
    </>
  );
}

/**
 * Presentation mode for the leaders' meeting: the briefing as full-screen slides, the map first;
 * → / PageDown / Space next, ← / PageUp previous, Home / End, Esc leaves. Large type and high
 * contrast for a projector.
 */
import './briefing.css';
import './present.css';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import type { Lang } from '../../../../shared/messages';
import { loadBriefing, type BriefingData } from './briefing-data';
import { incidentRows, type IncidentRow } from './briefing-model';
import { ChangesSection, ClustersSection, HotSection, IncidentsSection, PostsSection } from './BriefingSections';
import { DayFiguresSection, FigureTrends, LevelTrendSection, PostTrendSection } from './FigureSections';
import { MapSheet } from './MapSheet';
import { slideAfterKey } from './present-keys';
import { strings } from './strings';

export interface PresentationProps {
  readonly within: string | null;
  readonly day: string;
  readonly onClose: () => void;
}

/** The slides, in the print page's order: the map first, each section (or two small ones) on its own. */
function slidesOf(data: BriefingData, lang: Lang, incidents: readonly IncidentRow[]): React.JSX.Element[] {
  // Two charts side by side (7 and 28 days) across a projector's width.
  const charts = { data, lang, chartWidth: 800, chartHeight: 150 };
  return [
    <MapSheet
      key="map"
      data={data}
      lang={lang}
      incidents={incidents}
      className="present-map-sheet"
      mapClassName="present-map"
    />,
    <ChangesSection key="changes" data={data} lang={lang} />,
    <HotSection key="hot" data={data} lang={lang} />,
    ...(data.params.within === null ? [] : [<LevelTrendSection key="level-trend" {...charts} />]),
    <div key="posts">
      <PostsSection data={data} lang={lang} />
      <IncidentsSection data={data} lang={lang} rows={incidents} />
    </div>,
    <PostTrendSection key="post-trend" {...charts} />,
    <ClustersSection key="clusters" data={data} lang={lang} />,
    <DayFiguresSection key="figures" {...charts} charts={false} />,
    ...(data.figures ? [<FigureTrends key="figure-trends" {...charts} />] : []),
  ];
}

export function Presentation(props: PresentationProps): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const params = useMemo(() => ({ date: props.day, within: props.within }), [props.day, props.within]);
  const q = useQuery({ queryKey: ['briefing', params], queryFn: () => loadBriefing(params), retry: false });
  const [slide, setSlide] = useState(0);
  const root = useRef<HTMLDivElement | null>(null);
  const { onClose } = props;
  const data = q.data;
  const incidents = useMemo(() => (data ? incidentRows(data, lang) : []), [data, lang]);

  const slides: React.JSX.Element[] = data ? slidesOf(data, lang, incidents) : [];
  const count = Math.max(1, slides.length);

  useEffect(() => {
    const el = root.current;
    el?.focus();
    // Full screen where the browser allows it (a click started this); the overlay covers the window anyway.
    el?.requestFullscreen?.().catch(() => undefined);
    return () => {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, []);

  const onKeyDown = (e: React.KeyboardEvent): void => {
    const next = slideAfterKey(e.key, slide, count);
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    if (next === null) onClose();
    else setSlide(next);
  };

  return (
    <div
      ref={root}
      className="briefing-present"
      role="dialog"
      aria-modal="true"
      aria-label={t('presentTitle')}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      data-testid="presentation"
      data-slide={slide}
    >
      <div className="present-slide">{data ? slides[slide] : <p>{q.error ? String(q.error) : t('loading')}</p>}</div>
      <footer className="present-footer">
        <span>{t('presentHelp')}</span>
        <span data-testid="presentation-counter">{t('slideOf', { n: slide + 1, total: count })}</span>
      </footer>
    </div>
  );
}

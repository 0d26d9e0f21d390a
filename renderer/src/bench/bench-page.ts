/** What the browser benchmark pages share: the run count, the log, waiting for frames and for GC. */

/** How many runs the runner asked for (`?runs=N`, default 5). */
export const RUNS = Number(new URLSearchParams(location.search).get('runs') ?? 5);

/** Appends a line to the page's log (the runner prints it). */
export const log = (line: string): void => {
  document.getElementById('log')!.textContent += `${line}\n`;
};

/** Resolves at the next animation frame. */
export const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** Waits `n` animation frames (two: the change is painted). */
export async function frames(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await nextFrame();
}

/** A pause between measurements, so one's garbage is not collected during the next. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 250));

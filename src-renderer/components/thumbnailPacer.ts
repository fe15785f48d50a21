/** Asks for a callback in the next frame (requestAnimationFrame, or a fake one in tests). */
export type NextFrame = (callback: () => void) => void;

/**
 * Spreads thumbnail loads over animation frames while a grid scrolls. A row coming into the grid's overscan would start
 * all its thumbnails at once, and each costs a request, a response, a layout and a repaint in the page, plus work in
 * the browser and the host: on a two-core machine without a GPU those bursts put the frames they land in over budget.
 * Rows mount four rows ahead of view (about 45 frames at a browsing speed), so starting the queue's share each frame,
 * at least one and each within `framesToDrain` frames of asking, still has every thumbnail in before it is seen.
 */
export class StartPacer {
  // Each start with the frame it was asked in; a Map keeps that order and withdraws in constant time.
  private readonly waiting = new Map<() => void, number>();
  private frame = 0;
  private scheduled = false;

  constructor(
    private readonly nextFrame: NextFrame,
    private readonly framesToDrain = 8,
  ) {}

  /** Queues a start for a coming frame; the returned function withdraws it if it has not run yet. */
  wait(start: () => void): () => void {
    this.waiting.set(start, this.frame);
    this.schedule();
    return () => {
      this.waiting.delete(start);
    };
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.size === 0) return;
    this.scheduled = true;
    this.nextFrame(this.runFrame);
  }

  /** Starts an even share of the queue over the frames the oldest start has left, so none waits past its deadline. */
  private readonly runFrame = (): void => {
    this.scheduled = false;
    this.frame++;
    const oldest = this.waiting.values().next().value ?? this.frame;
    const framesLeft = Math.max(1, this.framesToDrain - (this.frame - oldest));
    let share = Math.ceil(this.waiting.size / framesLeft);
    for (const start of this.waiting.keys()) {
      if (share-- === 0) break;
      this.waiting.delete(start);
      start();
    }
    this.schedule();
  };
}

/** The page's one pacer: grids on screen share the frames. */
export const thumbnailStarts = new StartPacer((callback) => requestAnimationFrame(callback));

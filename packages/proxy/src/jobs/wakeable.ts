/**
 * A background loop that runs `tick` while there is work, then sleeps until woken (same process) or until the
 * poll interval passes (work stored by other processes).
 */
export abstract class Wakeable {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;

  constructor(private readonly pollMs: number) {}

  /** Does one round of work; true when there may be more right away. */
  protected abstract tick(): Promise<boolean>;

  /** Reports a failed round; the loop backs off for one poll interval and goes on. */
  protected abstract onError(error: unknown): void;

  /** Starts the loop. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Runs the next round now instead of after the poll interval. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops after the round in progress. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let more = false;
      try {
        more = await this.tick();
      } catch (error) {
        this.onError(error);
      }
      if (!more && this.running && !this.woken) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }
}

/**
 * A one-line spinner with the elapsed time, redrawn in place. Only on a
 * terminal: piped or redirected output gets no progress at all.
 */
export interface Progress {
  update(text: string): void;
  /** A line on stderr that stays (the spinner is redrawn below it). */
  note(line: string): void;
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function startProgress(stream: NodeJS.WriteStream, text: string, enabled = stream.isTTY === true): Progress {
  if (!enabled) return { update() {}, note: (line) => void process.stderr.write(`${line}\n`), stop() {} };
  const started = Date.now();
  let frame = 0;
  const draw = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stream.write(`\r\x1b[K${FRAMES[frame++ % FRAMES.length]} ${text} (${seconds} s)`);
  };
  draw();
  let timer: NodeJS.Timeout | undefined = setInterval(draw, 100);
  return {
    update(next) {
      text = next;
    },
    note(line) {
      stream.write('\r\x1b[K');
      process.stderr.write(`${line}\n`);
      if (timer) draw();
    },
    stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      stream.write('\r\x1b[K');
    },
  };
}

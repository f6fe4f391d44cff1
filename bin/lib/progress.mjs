/**
 * Progress on stderr: one rewritten status line on a terminal, plain throttled lines otherwise
 * (`--progress` when piped), nothing when disabled. Stdout stays clean for the command's result.
 */

const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SPINNER_INTERVAL_MS = 100;
const PLAIN_LINE_INTERVAL_MS = 1000;
const UPLOAD_CHUNK_BYTES = 64 * 1024;

/**
 * @param {{ enabled: boolean, stream?: NodeJS.WriteStream, now?: () => number }} options
 */
export function createProgress({ enabled, stream = process.stderr, now = Date.now }) {
  const tty = Boolean(stream.isTTY);
  let lineShown = false;
  let lastPlainAt = -Infinity;
  let lastPlainText = '';

  /** A transient status; on a terminal it replaces the previous one. */
  function update(text, { force = false } = {}) {
    if (!enabled) return;
    if (tty) {
      stream.write(`\r\x1b[2K${text}`);
      lineShown = true;
      return;
    }
    if (text === lastPlainText) return;
    if (!force && now() - lastPlainAt < PLAIN_LINE_INTERVAL_MS) return;
    stream.write(`${text}\n`);
    lastPlainAt = now();
    lastPlainText = text;
  }

  /** A status that stays on screen. */
  function done(text) {
    if (!enabled) return;
    clear();
    stream.write(`${text}\n`);
    lastPlainText = text;
  }

  function clear() {
    if (tty && lineShown) stream.write('\r\x1b[2K');
    lineShown = false;
  }

  /**
   * Shows `text` with a spinner and the elapsed time on a terminal (once, plain, elsewhere) until
   * the returned stop() is called; stop() returns the elapsed milliseconds.
   */
  function spin(text) {
    const startedAt = now();
    const elapsed = () => now() - startedAt;
    if (!tty || !enabled) {
      update(text, { force: true });
      return elapsed;
    }
    let frame = 0;
    const render = () => {
      update(`${SPINNER_FRAMES[frame % SPINNER_FRAMES.length]} ${text} ${formatSeconds(elapsed())}`);
      frame += 1;
    };
    render();
    const timer = setInterval(render, SPINNER_INTERVAL_MS);
    return function stop() {
      clearInterval(timer);
      clear();
      return elapsed();
    };
  }

  return { enabled, update, done, clear, spin };
}

/**
 * A stream of `bytes` in chunks, calling onProgress(sent, total) as fetch pulls each one: pulls follow
 * the socket's pace, so the count tracks the upload. Send it with `duplex: 'half'`.
 */
export function countingStream(bytes, onProgress) {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      const chunk = bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES);
      offset += chunk.length;
      controller.enqueue(chunk);
      onProgress(offset, bytes.length);
    },
  });
}

/** `1536` → `1.5 KiB`. */
export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** `1234` → `1.2s`. */
export function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** `uploading 1.5 MiB / 3.0 MiB (50%)`. */
export function formatUpload(sent, total) {
  const percent = total === 0 ? 100 : Math.floor((sent / total) * 100);
  return `uploading ${formatBytes(sent)} / ${formatBytes(total)} (${percent}%)`;
}

// The live tail's lines, kept out of the virtual DOM. At thousands of events a second the cost is the browser's layout
// of the log, not the rows' creation: new rows are appended at most every FLUSH_MS (in an animation frame), so most
// frames do no work at all, and rows sit in blocks of CHUNK rows whose layout the browser skips while they are
// off-screen (content-visibility): removing the oldest rows past the window moves 25 blocks, not 5,000 rows.
import { highlight, matches } from './filterPattern.js';
import { formatLogTime } from './format.js';

export const WINDOW = 5000;
const FLUSH_MS = 100;
const CHUNK = 200;

export class LogView {
  /** @param {HTMLElement} el the scrolling role=log element */
  constructor(el, { onScrollState } = {}) {
    this.el = el;
    this.rows = []; // {kind:'event', ev} | {kind:'gap', text}
    this.pending = [];
    this.pattern = null;
    this.frame = 0;
    this.timer = 0;
    this.lastFlush = 0;
    this.follow = true;
    this.chunk = null;
    this.onScrollState = onScrollState || (() => {});
    this.onScroll = () => {
      const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
      if (atEnd !== this.follow) {
        this.follow = atEnd;
        this.onScrollState(atEnd);
      }
    };
    el.addEventListener('scroll', this.onScroll, { passive: true });
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    this.el.removeEventListener('scroll', this.onScroll);
  }

  /** Queues events (already deduplicated) and gap notices; drawn on the next frame. */
  push(items) {
    for (const it of items) this.pending.push(it);
    if (this.frame || this.timer) return;
    const wait = Math.max(0, this.lastFlush + FLUSH_MS - performance.now());
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.frame = requestAnimationFrame(() => this.flush());
    }, wait);
  }

  flush() {
    this.frame = 0;
    this.lastFlush = performance.now();
    let items = this.pending;
    this.pending = [];
    if (items.length > WINDOW) items = items.slice(items.length - WINDOW);
    for (const it of items) {
      this.rows.push(it);
      if (it.kind === 'gap' || matches(this.pattern, it.ev.message)) this.place(this.render(it));
    }
    this.trim();
    if (this.follow) this.el.scrollTop = this.el.scrollHeight;
  }

  /** Appends a row to the last block, opening a new block when it is full. */
  place(row) {
    if (!this.chunk || this.chunk.childElementCount >= CHUNK || this.chunk.parentNode !== this.el) {
      this.chunk = document.createElement('div');
      this.chunk.className = 'chunk';
      this.el.appendChild(this.chunk);
    }
    this.chunk.appendChild(row);
  }

  trim() {
    const extra = this.rows.length - WINDOW;
    if (extra <= 0) return;
    const dropped = this.rows.splice(0, extra);
    for (const it of dropped) {
      const block = it.node && it.node.parentNode;
      if (block) {
        block.removeChild(it.node);
        if (!block.firstChild) block.remove();
      }
      it.node = null;
    }
  }

  render(it) {
    const row = document.createElement('div');
    it.node = row;
    if (it.kind === 'gap') {
      row.className = 'row gap';
      row.textContent = it.text;
      return row;
    }
    const ev = it.ev;
    row.className = 'row';
    row.dataset.eventId = ev.eventId;
    const time = document.createElement('time');
    time.className = 'ts';
    time.dateTime = new Date(ev.timestamp).toISOString();
    time.textContent = formatLogTime(ev.timestamp);
    time.title = time.dateTime;
    const stream = document.createElement('span');
    stream.className = 'stream';
    stream.textContent = ev.logStreamName;
    const msg = document.createElement('span');
    msg.className = 'msg';
    for (const part of highlight(this.pattern, ev.message)) {
      if (part.hit) {
        const mark = document.createElement('mark');
        mark.textContent = part.text;
        msg.appendChild(mark);
      } else msg.appendChild(document.createTextNode(part.text));
    }
    row.append(time, ' ', stream, ' ', msg);
    return row;
  }

  /** A new pattern: lines already shown are narrowed to it and its terms highlighted. */
  setPattern(parsed) {
    this.pattern = parsed;
    this.redraw();
  }

  redraw() {
    this.el.replaceChildren();
    this.chunk = null;
    for (const it of this.rows) {
      it.node = null;
      if (it.kind === 'gap' || matches(this.pattern, it.ev.message)) this.place(this.render(it));
    }
    if (this.follow) this.el.scrollTop = this.el.scrollHeight;
  }

  clear() {
    this.rows = [];
    this.pending = [];
    this.chunk = null;
    this.el.replaceChildren();
  }

  toEnd() {
    this.follow = true;
    this.el.scrollTop = this.el.scrollHeight;
    this.onScrollState(true);
  }

  get size() {
    return this.rows.length + this.pending.length;
  }
}

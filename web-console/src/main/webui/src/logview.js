// The live tail's lines, kept out of the virtual DOM: at thousands of events a second, new rows are appended once per
// animation frame and the oldest removed past the window, so the work per frame is proportional to what arrived.
import { highlight, matches } from './filterPattern.js';
import { formatLogTime } from './format.js';

export const WINDOW = 5000;

export class LogView {
  /** @param {HTMLElement} el the scrolling role=log element */
  constructor(el, { onScrollState } = {}) {
    this.el = el;
    this.rows = []; // {kind:'event', ev} | {kind:'gap', text}
    this.pending = [];
    this.pattern = null;
    this.frame = 0;
    this.follow = true;
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
    this.el.removeEventListener('scroll', this.onScroll);
  }

  /** Queues events (already deduplicated) and gap notices; drawn on the next frame. */
  push(items) {
    for (const it of items) this.pending.push(it);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frame = 0;
    let items = this.pending;
    this.pending = [];
    if (items.length > WINDOW) items = items.slice(items.length - WINDOW);
    const frag = document.createDocumentFragment();
    for (const it of items) {
      this.rows.push(it);
      if (it.kind === 'gap' || matches(this.pattern, it.ev.message)) frag.appendChild(this.render(it));
    }
    this.el.appendChild(frag);
    this.trim();
    if (this.follow) this.el.scrollTop = this.el.scrollHeight;
  }

  trim() {
    const extra = this.rows.length - WINDOW;
    if (extra <= 0) return;
    const dropped = this.rows.splice(0, extra);
    for (const it of dropped) {
      if (it.node && it.node.parentNode === this.el) this.el.removeChild(it.node);
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
    const frag = document.createDocumentFragment();
    for (const it of this.rows) {
      it.node = null;
      if (it.kind === 'gap' || matches(this.pattern, it.ev.message)) frag.appendChild(this.render(it));
    }
    this.el.replaceChildren(frag);
    if (this.follow) this.el.scrollTop = this.el.scrollHeight;
  }

  clear() {
    this.rows = [];
    this.pending = [];
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

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { number } from './format.js';

const WINDOW_POINTS = 180; // three minutes at one snapshot a second
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563'];

/**
 * One live chart: a time axis and any number of named series, which may appear while it runs
 * (a new consumer group, a new job). Below the plot, each series' latest value and its largest in
 * the window, so a glance (or a test) can read the numbers behind the lines.
 */
class LiveChart {
  constructor(figure, unit, format = number) {
    this.figure = figure;
    this.unit = unit;
    this.format = format;
    this.times = [];
    this.series = new Map();
    this.plot = null;
  }

  push(time, values) {
    this.times.push(time);
    for (const key of Object.keys(values)) {
      if (!this.series.has(key)) {
        this.series.set(key, new Array(this.times.length - 1).fill(null));
        this.destroy(); // uPlot's series are fixed at creation: build it again with the new one
      }
    }
    for (const [key, data] of this.series) {
      const v = values[key];
      data.push(v === undefined || v === null || !Number.isFinite(v) ? null : v);
    }
    if (this.times.length > WINDOW_POINTS) {
      this.times.shift();
      for (const data of this.series.values()) data.shift();
    }
    this.draw();
    this.legend();
  }

  draw() {
    const data = [this.times, ...this.series.values()];
    if (this.plot) { this.plot.setData(data); return; }
    const el = this.figure.querySelector('.plot');
    const keys = [...this.series.keys()];
    this.plot = new uPlot({
      width: Math.max(300, el.clientWidth || 480),
      height: 200,
      legend: { show: false },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max || 0, 1e-9) * 1.1] } },
      axes: [{}, { values: (u, vals) => vals.map((v) => number(v)), size: 60 }],
      series: [{}, ...keys.map((key, i) => ({ label: key, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true }))],
    }, data, el);
  }

  legend() {
    const now = this.figure.querySelector('.now');
    now.replaceChildren(...[...this.series].map(([key, data], i) => {
      const latest = data[data.length - 1];
      const max = data.reduce((m, v) => (v !== null && v > m ? v : m), 0);
      const stat = document.createElement('span');
      stat.className = 'stat';
      stat.dataset.series = key;
      stat.dataset.latest = latest === null ? '' : String(latest);
      stat.dataset.max = String(max);
      stat.innerHTML = `<i style="background:${COLORS[i % COLORS.length]}"></i>${key} <b></b> ${this.unit}`;
      stat.querySelector('b').textContent = this.format(latest);
      return stat;
    }));
  }

  resize() {
    if (!this.plot) return;
    const el = this.figure.querySelector('.plot');
    this.plot.setSize({ width: Math.max(300, el.clientWidth), height: 200 });
  }

  destroy() {
    if (this.plot) { this.plot.destroy(); this.plot = null; }
  }
}

export class Dashboard {
  constructor() {
    const chart = (id, unit, format) => new LiveChart(document.getElementById(id), unit, format);
    this.stages = chart('chart-stages', 'fps');
    this.lag = chart('chart-lag', 'records');
    this.latency = chart('chart-latency', 'ms');
    this.interpolator = chart('chart-interpolator', '', (v) => number(v, 2));
    this.bytes = chart('chart-bytes', 'B/s');
    this.progress = chart('chart-progress', '%');
    this.all = [this.stages, this.lag, this.latency, this.interpolator, this.bytes, this.progress];
    window.addEventListener('resize', () => this.all.forEach((c) => c.resize()));
  }

  /** Adds one server snapshot (sent every second) to every chart. */
  update(s) {
    const t = s.time / 1000;
    this.stages.push(t, s.stages);
    this.lag.push(t, s.lag);
    this.latency.push(t, s.latency);
    this.interpolator.push(t, { 'batch size': s.interpolator.batchSize, 'busy ratio': s.interpolator.busyRatio });
    this.bytes.push(t, { 'bytes in': s.broker.bytesIn, 'bytes out': s.broker.bytesOut });
    const progress = {};
    for (const job of s.jobs) if (job.progress !== null && job.state !== 'cancelled') progress[job.name] = job.progress * 100;
    this.progress.push(t, progress);
  }

  /** A chart drawn while hidden has no width: draw again once the dashboard shows. */
  shown() { this.all.forEach((c) => { c.destroy(); if (c.times.length) c.draw(); }); }
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function number(x, digits = 1) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 1e9) return (x / 1e9).toFixed(digits) + ' G';
  if (a >= 1e6) return (x / 1e6).toFixed(digits) + ' M';
  if (a >= 1e4) return (x / 1e3).toFixed(digits) + ' k';
  return a >= 100 || Number.isInteger(x) ? String(Math.round(x)) : x.toFixed(digits);
}

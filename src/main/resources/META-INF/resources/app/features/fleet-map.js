// An offline "map": vehicle positions drawn as SVG on a lat/lon graticule (no tiles, works without internet).
// The frame snaps to the grid so that small moves do not rescale it; markers glide to their new positions.
import { s, setText, statusLabel } from '../ui/dom.js';

const WIDTH = 800;
const HEIGHT = 600;
const PAD = 48;
const STEPS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 45];

export function createFleetMap() {
  const titleId = 'fleet-map-title';
  const descId = 'fleet-map-desc';
  const grid = s('g', { class: 'map-grid' });
  const markers = s('g', { class: 'map-markers' });
  const empty = s('text', { class: 'map-empty', x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle' });
  const title = s('title', { id: titleId, text: 'Vehicle positions' });
  const desc = s('desc', { id: descId });
  const svg = s('svg', {
    class: 'fleet-map', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
    'aria-labelledby': `${titleId} ${descId}`, preserveAspectRatio: 'xMidYMid meet',
  }, title, desc, s('rect', { class: 'map-sea', x: 0, y: 0, width: WIDTH, height: HEIGHT, rx: 12 }), grid, markers, empty);
  const nodes = new Map();
  let frameKey = '';

  function update(vehicles, telemetry) {
    const points = [];
    for (const vehicle of vehicles) {
      const t = telemetry.get(vehicle.id);
      if (t && Number.isFinite(t.lat) && Number.isFinite(t.lon)) {
        points.push({ vehicle, t });
      }
    }
    setText(desc, points.length === 0 ? 'No vehicle has reported a position yet.'
      : `${points.length} vehicle${points.length === 1 ? '' : 's'} with a known position.`);
    setText(empty, points.length === 0 ? 'No positions yet — they appear here as vehicles report.' : '');
    const frame = frameOf(points);
    const key = `${frame.minLat},${frame.maxLat},${frame.minLon},${frame.maxLon}`;
    if (points.length === 0) {
      frameKey = '';
      grid.replaceChildren();
    } else if (key !== frameKey) {
      frameKey = key;
      drawGrid(grid, frame);
    }
    const seen = new Set();
    for (const { vehicle, t } of points) {
      seen.add(vehicle.id);
      let node = nodes.get(vehicle.id);
      if (!node) {
        node = createMarker(vehicle.id);
        nodes.set(vehicle.id, node);
        markers.append(node.g);
      }
      const [x, y] = project(frame, t.lat, t.lon);
      node.g.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
      node.g.dataset.lat = String(t.lat);
      node.g.dataset.lon = String(t.lon);
      node.g.dataset.status = vehicle.status;
      node.g.setAttribute('class', `marker status-${vehicle.status.toLowerCase()}`);
      const label = vehicle.plate || vehicle.vin.slice(-6);
      setText(node.label, label);
      setText(node.title, `${vehicle.vin}${vehicle.plate ? ` (${vehicle.plate})` : ''} — ${statusLabel(vehicle.status)}, `
        + `${typeof t.speedKph === 'number' ? `${Math.round(t.speedKph)} km/h` : 'speed unknown'}, `
        + `${t.lat.toFixed(5)}, ${t.lon.toFixed(5)}`);
      if (typeof t.headingDeg === 'number') {
        node.heading.setAttribute('transform', `rotate(${t.headingDeg})`);
        node.heading.style.display = '';
      } else {
        node.heading.style.display = 'none';
      }
    }
    for (const [id, node] of nodes) {
      if (!seen.has(id)) {
        node.g.remove();
        nodes.delete(id);
      }
    }
  }

  return { el: svg, update };
}

function createMarker(vehicleId) {
  const title = s('title');
  const heading = s('path', { class: 'marker-heading', d: 'M0,-24 L7,-12 L-7,-12 Z' });
  const label = s('text', { class: 'marker-label', x: 15, y: 6 });
  const g = s('g', { class: 'marker', dataset: { vehicleId } },
    title, s('circle', { class: 'marker-halo', r: 18 }), heading, s('circle', { class: 'marker-dot', r: 9 }), label);
  return { g, title, heading, label };
}

function frameOf(points) {
  if (points.length === 0) {
    return { minLat: 47, maxLat: 55, minLon: 5, maxLon: 15, step: 2 };
  }
  let minLat = Infinity; let maxLat = -Infinity; let minLon = Infinity; let maxLon = -Infinity;
  for (const { t } of points) {
    minLat = Math.min(minLat, t.lat); maxLat = Math.max(maxLat, t.lat);
    minLon = Math.min(minLon, t.lon); maxLon = Math.max(maxLon, t.lon);
  }
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180) || 1;
  // Pad, then widen the shorter side to the view's aspect ratio so that the points use the whole map.
  const pad = Math.max((maxLat - minLat) * 0.15, (maxLon - minLon) * k * 0.15, 0.002);
  let latSpan = maxLat - minLat + 2 * pad;
  let lonSpan = maxLon - minLon + (2 * pad) / k;
  const target = (WIDTH - 2 * PAD) / (HEIGHT - 2 * PAD);
  if ((lonSpan * k) / latSpan < target) {
    lonSpan = (latSpan * target) / k;
  } else {
    latSpan = (lonSpan * k) / target;
  }
  const midLat = (minLat + maxLat) / 2;
  const midLon = (minLon + maxLon) / 2;
  const step = STEPS.find((st) => lonSpan / st <= 8 && latSpan / st <= 6) || 45;
  // Bounds snap outwards to a fifth of a grid step, so that small moves do not rescale the map.
  const unit = step / 5;
  return {
    minLat: Math.max(-90, Math.floor((midLat - latSpan / 2) / unit) * unit),
    maxLat: Math.min(90, Math.ceil((midLat + latSpan / 2) / unit) * unit),
    minLon: Math.floor((midLon - lonSpan / 2) / unit) * unit,
    maxLon: Math.ceil((midLon + lonSpan / 2) / unit) * unit,
    step,
  };
}

/** Equirectangular projection scaled by cos(latitude) and fitted into the view, aspect ratio kept. */
function project(frame, lat, lon) {
  const k = Math.cos(((frame.minLat + frame.maxLat) / 2) * Math.PI / 180) || 1;
  const w = (frame.maxLon - frame.minLon) * k || 1;
  const hgt = frame.maxLat - frame.minLat || 1;
  const scale = Math.min((WIDTH - 2 * PAD) / w, (HEIGHT - 2 * PAD) / hgt);
  const offX = (WIDTH - w * scale) / 2;
  const offY = (HEIGHT - hgt * scale) / 2;
  return [offX + (lon - frame.minLon) * k * scale, offY + (frame.maxLat - lat) * scale];
}

function drawGrid(grid, frame) {
  grid.replaceChildren();
  const decimals = Math.max(0, -Math.floor(Math.log10(frame.step)));
  const [x0, y0] = project(frame, frame.maxLat, frame.minLon);
  const [x1, y1] = project(frame, frame.minLat, frame.maxLon);
  grid.append(s('rect', { class: 'map-land', x: x0, y: y0, width: x1 - x0, height: y1 - y0, rx: 6 }));
  for (let lat = Math.ceil(frame.minLat / frame.step - 1e-9) * frame.step; lat <= frame.maxLat + 1e-9; lat += frame.step) {
    const [, y] = project(frame, lat, frame.minLon);
    grid.append(s('line', { x1: x0, y1: y, x2: x1, y2: y }),
      s('text', { class: 'map-axis', x: x0 + 6, y: y - 5, 'text-anchor': 'start', text: `${lat.toFixed(decimals)}°` }));
  }
  for (let lon = Math.ceil(frame.minLon / frame.step - 1e-9) * frame.step; lon <= frame.maxLon + 1e-9; lon += frame.step) {
    const [x] = project(frame, frame.minLat, lon);
    grid.append(s('line', { x1: x, y1: y0, x2: x, y2: y1 }),
      s('text', { class: 'map-axis', x, y: y1 + 22, 'text-anchor': 'middle', text: `${lon.toFixed(decimals)}°` }));
  }
}

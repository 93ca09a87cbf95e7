// phasemap interactive page. Makes no request: everything it shows is in
// the page. (The live preview adds its own small script, which swaps in
// each new build and runs this one again: see `phasemapStop` below.)
"use strict";
(function () {
  const dataEl = document.getElementById("phasemap-data");
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent);
  // The live preview swaps a newer build into the page and runs this script
  // again: the run before stops first (its listeners and timers), so only
  // one run answers the controls.
  if (typeof window.phasemapStop === "function") window.phasemapStop();
  const stopped = new AbortController();
  const on = (el, type, fn, opts) =>
    el.addEventListener(type, fn, Object.assign(typeof opts === "boolean" ? { capture: opts } : opts || {}, { signal: stopped.signal }));
  const phases = data.phases;
  // The page's own words, in the page's language (see model::words::page).
  const T = data.words;
  const lang = document.documentElement.lang || "en";
  const $ = (id) => document.getElementById(id);
  const app = $("app");
  const mapA = $("map-a");
  const maps = $("maps");
  const stage = $("stage");
  const divider = $("divider");
  const tooltip = $("tooltip");
  const hint = $("hint");
  const slider = $("slider");
  const W = data.size[0], H = data.size[1];
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const isMac = /Mac|iPhone|iPad/.test(navigator.platform || "");

  const state = { a: 0, b: -1, mode: "swipe", split: 50, view: [0, 0, W] };
  let mapB = null;
  const compare = () => state.b >= 0;

  // Map B shares map A's <defs> (patterns, shared paths): same document,
  // so `url(#…)` and `<use href>` reach them; its own ids are dropped.
  function ensureMapB() {
    if (mapB) return mapB;
    mapB = mapA.cloneNode(true);
    mapB.querySelector("defs").remove();
    for (const el of mapB.querySelectorAll("[id]")) el.removeAttribute("id");
    mapB.id = "map-b";
    mapB.removeAttribute("aria-describedby");
    mapB.setAttribute("aria-labelledby", "title-b");
    // Right after map A, so the divider and the scale bar stay on top.
    mapA.after(mapB);
    applyToggles();
    return mapB;
  }

  function phaseLabel(k) { return phases[k].id + " \u00b7 " + phases[k].title; }

  function render() {
    const p = phases[state.a];
    app.dataset.a = String(state.a);
    if (compare()) {
      ensureMapB();
      app.dataset.b = String(state.b);
      app.dataset.mode = state.mode;
      const swipe = state.mode === "swipe";
      mapB.style.clipPath = swipe ? "inset(0 0 0 " + state.split + "%)" : "";
      divider.hidden = !swipe;
      divider.style.left = state.split + "%";
      divider.setAttribute("aria-valuenow", String(Math.round(state.split)));
      $("phase-title").textContent = phaseLabel(state.a) + "  \u2194  " + phaseLabel(state.b);
      $("phase-dates").textContent = p.dates + " / " + phases[state.b].dates;
      $("title-a").textContent = T["map-left"] + ": " + phaseLabel(state.a);
      $("title-b").textContent = T["map-right"] + ": " + phaseLabel(state.b);
    } else {
      delete app.dataset.b;
      delete app.dataset.mode;
      divider.hidden = true;
      $("phase-title").textContent = (state.a + 1) + ". " + p.title;
      $("phase-dates").textContent = p.dates + " \u00b7 " + p.situation;
      $("title-a").textContent = T.map + ": " + phaseLabel(state.a);
    }
    slider.value = String(state.a);
    slider.setAttribute("aria-valuetext", phaseLabel(state.a));
    for (const b of document.querySelectorAll("#ticks button")) {
      b.setAttribute("aria-current", Number(b.dataset.goto) === state.a ? "true" : "false");
    }
    $("compare").checked = compare();
    $("cmp-a").value = String(state.a);
    $("cmp-b").value = String(compare() ? state.b : Math.min(phases.length - 1, state.a + 1));
    $("cmp-mode").value = state.mode;
    applyView();
    writeHash();
  }

  // View: [x, y, width] of the visible part of the map, in map pixels.
  const MAX_ZOOM = 24;
  function clampView() {
    let [x, y, w] = state.view;
    w = Math.min(W, Math.max(W / MAX_ZOOM, w));
    const h = (w * H) / W;
    x = Math.min(W - w, Math.max(0, x));
    y = Math.min(H - h, Math.max(0, y));
    state.view = [x, y, w];
  }
  function applyView() {
    clampView();
    const [x, y, w] = state.view;
    const vb = x.toFixed(1) + " " + y.toFixed(1) + " " + w.toFixed(1) + " " + ((w * H) / W).toFixed(1);
    mapA.setAttribute("viewBox", vb);
    if (mapB) mapB.setAttribute("viewBox", vb);
    scheduleLabels();
  }
  // The map under a screen point (either map when side by side).
  function mapAt(clientX, clientY) {
    if (mapB && compare() && state.mode === "side") {
      const r = mapB.getBoundingClientRect();
      if (clientX >= r.left && clientX <= r.right && clientY >= r.top && clientY <= r.bottom) return mapB;
    }
    return mapA;
  }
  function toMap(clientX, clientY) {
    const r = mapAt(clientX, clientY).getBoundingClientRect();
    const [x, y, w] = state.view;
    const s = w / r.width;
    return [x + (clientX - r.left) * s, y + (clientY - r.top) * s];
  }
  function zoomAt(mx, my, factor) {
    const [x, y, w] = state.view;
    const nw = Math.min(W, Math.max(W / MAX_ZOOM, w / factor));
    const k = nw / w;
    state.view = [mx - (mx - x) * k, my - (my - y) * k, nw];
    applyView();
  }
  function zoomCentre(factor) {
    const [x, y, w] = state.view;
    zoomAt(x + w / 2, y + (w * H) / W / 2, factor);
    writeHash();
  }
  function panBy(fx, fy) {
    const [x, y, w] = state.view;
    state.view = [x + fx * w, y + (fy * w * H) / W, w];
    applyView();
    writeHash();
  }
  function resetView() { state.view = [0, 0, W]; applyView(); writeHash(); }

  // URL fragment: #1920-02 or #compare=1918-11,1921-06, then optionally
  // &side (side by side), &split=N (swipe), &view=x,y,w (zoomed in).
  let hashTimer = null;
  function writeHash() {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(hashNow, 150);
  }
  function hashNow() {
    hashTimer = null;
    const parts = [];
    if (compare()) {
      parts.push("compare=" + encodeURIComponent(phases[state.a].id) + "," + encodeURIComponent(phases[state.b].id));
      if (state.mode === "side") parts.push("side");
      else if (Math.round(state.split) !== 50) parts.push("split=" + Math.round(state.split));
    } else {
      parts.push(encodeURIComponent(phases[state.a].id));
    }
    if (state.view[2] < W - 0.5) parts.push("view=" + state.view.map((v) => Math.round(v)).join(","));
    const h = "#" + parts.join("&");
    if (location.hash !== h) {
      try { history.replaceState(null, "", h); } catch (e) { /* sandboxed: the state stays local */ }
    }
  }
  function readHash() {
    const idx = (id) => phases.findIndex((p) => p.id === decodeURIComponent(id));
    state.b = -1;
    state.view = [0, 0, W];
    for (const part of location.hash.slice(1).split("&")) {
      const [key, value] = part.includes("=") ? part.split("=", 2) : ["", part];
      if (key === "" && value === "side") state.mode = "side";
      else if (key === "" || key === "phase") {
        if (idx(value) >= 0) state.a = idx(value);
      } else if (key === "compare") {
        const [a, b] = value.split(",").map(idx);
        if (a >= 0 && b >= 0) { state.a = a; state.b = b; }
      } else if (key === "split") {
        const s = Number(value);
        if (s >= 0 && s <= 100) state.split = s;
      } else if (key === "view") {
        const v = value.split(",").map(Number);
        if (v.length === 3 && v.every(Number.isFinite)) state.view = v;
      }
    }
  }

  function goTo(k) {
    state.a = Math.max(0, Math.min(phases.length - 1, k));
    if (state.b === state.a) state.b = -1;
    render();
  }
  function step(d) { goTo(state.a + d); }

  let playTimer = null;
  function setPlaying(on) {
    const b = $("play");
    clearInterval(playTimer);
    playTimer = null;
    if (on) {
      if (state.a === phases.length - 1) goTo(0);
      playTimer = setInterval(() => {
        if (state.a >= phases.length - 1) setPlaying(false); else step(1);
      }, reduceMotion ? 2500 : 1500);
    }
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.textContent = on ? "\u275A\u275A " + T.pause : "\u25B6\uFE0E " + T.play;
  }

  // Layer toggles (built by the page from the style's dated layers).
  const hiddenLayers = new Set();
  function applyToggles() {
    for (const svg of [mapA, mapB]) {
      if (!svg) continue;
      for (const g of svg.querySelectorAll("g[data-layer]")) {
        g.style.display = hiddenLayers.has(g.dataset.layer) ? "none" : "";
      }
    }
  }
  for (const box of document.querySelectorAll("#toggles input")) {
    on(box, "change", () => {
      // One switch may stand for several layers (space-separated ids).
      for (const id of box.dataset.layer.split(" ")) {
        if (box.checked) hiddenLayers.delete(id); else hiddenLayers.add(id);
      }
      applyToggles();
    });
  }

  // Labels: placed again for every view so they keep their size on screen
  // while the map zooms, and smaller places appear as there is room. A label
  // is [text, key, x, y, dx, dy, anchor, angle, size, box, font, fill, halo,
  // halo width, opacity]: (x, y) the point it belongs to, (dx, dy) its
  // offset at `size`, `box` its bounds about x + dx, y + dy. Each phase
  // lists its labels in the order they get room.
  const labels = data.labels;
  const ANCHORS = ["start", "middle", "end"];
  const SVGNS = "http://www.w3.org/2000/svg";
  let labelFrame = 0;
  function scheduleLabels() {
    if (!labelFrame) labelFrame = requestAnimationFrame(() => { labelFrame = 0; placeAll(); });
  }
  function placeAll() {
    updateScale();
    smallScreen();
    placeLabels(mapA, state.a);
    if (mapB && compare()) placeLabels(mapB, state.b);
  }
  // Screen pixels per label pixel: the map's own scale, but never below
  // what draws the smallest label at 9 CSS px (phones, narrow iframes);
  // there larger labels grow more gently (square root), so the biggest
  // names do not crowd a small map.
  function labelScale(cssW, size) {
    return Math.max(cssW / W, (9 * Math.sqrt(size / data.minLabel)) / size);
  }
  function placeLabels(svg, k) {
    const g = svg.querySelector("g[data-layer=labels]");
    if (!g) return;
    const r = svg.getBoundingClientRect();
    if (!r.width) return;
    const [vx, vy, vw] = state.view;
    const zs = r.width / vw; // screen px per map px
    const vh = r.width * H / W;
    const boxes = [];
    const frag = document.createDocumentFragment();
    // The part of this map the reader sees, [lo, hi] across: when swiping,
    // map A left of the divider and map B right of it, so that no name is
    // cut by the divider.
    let lo = 0, hi = r.width;
    if (compare() && state.mode === "swipe") {
      const cut = (r.width * state.split) / 100;
      if (svg === mapA) hi = cut; else lo = cut;
    }
    // Names keep out of the phase's insets (maps of their own, named there).
    // On a small map the insets give way to their buttons.
    if (small) {
      for (const btn of insetButtons ? insetButtons.children : []) {
        const s = btn.getBoundingClientRect();
        if (s.left < r.right && s.right > r.left && s.top < r.bottom && s.bottom > r.top) {
          boxes.push([s.left - r.left, s.top - r.top, s.right - r.left, s.bottom - r.top]);
        }
      }
    } else {
      for (const b of insetBoxes(k, zs)) boxes.push(b);
    }
    // The scale bar covers a corner of the map: no name goes under it.
    if (!scaleEl.hidden) {
      const s = scaleEl.getBoundingClientRect();
      if (s.left < r.right && s.right > r.left && s.top < r.bottom && s.bottom > r.top) {
        boxes.push([s.left - r.left, s.top - r.top, s.right - r.left, s.bottom - r.top]);
      }
    }

    const inside = (box) => box[0] >= lo - 1 && box[2] <= hi + 1 && box[1] >= -1 && box[3] <= vh + 1;
    // A name may not cover the dot of a place of its own rank or higher
    // (label size), named yet or not: on a small map a rule for every dot
    // would leave the largest towns unnamed.
    const dots = [];
    for (const i of data.labelOrder[k]) {
      const L = labels[i];
      if (!L[4] && !L[5]) continue;
      const cx = (L[2] - vx) * zs, cy = (L[3] - vy) * zs;
      dots.push([cx - 3, cy - 3, cx + 3, cy + 3, L[8]]);
    }
    const hits = (box, o) => box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3];
    // The numbers of the events go first: the notes under the map refer to
    // them, and a number that finds no free spot beside its symbol takes the
    // first one anyway, so every event whose symbol is in view has its number.
    const isEvent = (i) => labels[i][1].startsWith("event/");
    const order = data.labelOrder[k].filter(isEvent).concat(data.labelOrder[k].filter((i) => !isEvent(i)));
    for (const i of order) {
      const L = labels[i];
      const b = L[9];
      const q = labelScale(r.width, L[8]);
      const o = Math.max(q, zs); // offsets grow with the symbols when zoomed in
      // Where the label may go: as composed; for a label beside a symbol,
      // also on the symbol's other side, above and below it; an area's name
      // may slide inwards to stay whole (one cut by the frame reads as
      // another name). Candidates: [x, y, anchor] on screen.
      const cx = (L[2] - vx) * zs, cy = (L[3] - vy) * zs;
      const cands = [[cx + L[4] * o, cy + L[5] * o, L[6]]];
      if (L[4] || L[5]) {
        const gap = (L[4] ? Math.abs(L[4]) : 0.6 * L[8]) * o;
        const base = (L[4] ? L[5] : 0.35 * L[8]) * o;
        cands.push([cx + gap, cy + base, 0], [cx - gap, cy + base, 2],
          [cx, cy - gap - b[3] * q, 1], [cx, cy + gap - b[1] * q, 1]);
      }
      let spot = null;
      for (const [x, y, anchor] of cands) {
        // The box about the anchor: as composed, moved for another anchor.
        const w = (b[2] - b[0]) * q;
        const x0 = anchor === L[6] ? x + b[0] * q : anchor === 1 ? x - w / 2 : anchor === 2 ? x - w : x;
        let box = [x0, y + b[1] * q, x0 + w, y + b[3] * q];
        let [sx, sy] = [x, y];
        if (anchor === 1 && (L[4] || L[5])) {
          // Above or below a dot near the frame: slide along, still over it.
          const shift = Math.max(0, lo - box[0]) - Math.max(0, box[2] - hi);
          if (Math.abs(shift) < w / 2 - 4) {
            box = [box[0] + shift, box[1], box[2] + shift, box[3]];
            sx += shift;
          }
        } else if (!L[4] && !L[5] && sx > lo && sx < hi && sy > 0 && sy < vh) {
          const shift = Math.max(0, lo - box[0]) - Math.max(0, box[2] - hi);
          const lift = Math.max(0, -box[1]) - Math.max(0, box[3] - vh);
          box = [box[0] + shift, box[1] + lift, box[2] + shift, box[3] + lift];
          sx += shift; sy += lift;
        }
        if (inside(box) && !boxes.some((o) => hits(box, o)) && !dots.some((d) => d[4] >= L[8] && hits(box, d))) { spot = [vx + sx / zs, vy + sy / zs, box, anchor]; break; }
      }
      if (!spot && L[1].startsWith("event/") && cx >= lo && cx <= hi && cy >= 0 && cy <= vh) {
        const [x, y] = cands[0];
        const box = [x + b[0] * q, y + b[1] * q, x + b[2] * q, y + b[3] * q];
        spot = [vx + x / zs, vy + y / zs, box, L[6]];
      }
      if (!spot) continue;
      const [ax, ay, box, anchor] = spot;
      const u = q / zs; // label px to map px in this view
      boxes.push(box);
      const t = document.createElementNS(SVGNS, "text");
      t.setAttribute("x", ax.toFixed(1));
      t.setAttribute("y", ay.toFixed(1));
      t.setAttribute("font-size", (L[8] * u).toFixed(2));
      if (anchor) t.setAttribute("text-anchor", ANCHORS[anchor]);
      if (L[7]) t.setAttribute("transform", "rotate(" + L[7] + " " + ax.toFixed(1) + " " + ay.toFixed(1) + ")");
      if (L[10] & 1) t.setAttribute("font-weight", "bold");
      if (L[10] & 2) t.setAttribute("font-style", "italic");
      t.setAttribute("fill", L[11]);
      if (L[12]) {
        t.setAttribute("stroke", L[12]);
        t.setAttribute("stroke-width", (L[13] * 2 * u).toFixed(2));
        t.setAttribute("stroke-linejoin", "round");
        t.setAttribute("paint-order", "stroke");
      }
      if (L[14] < 1) t.setAttribute("opacity", String(L[14]));
      t.setAttribute("data-label", L[1]);
      t.textContent = L[0];
      frag.appendChild(t);
    }
    g.replaceChildren(frag);
  }

  // Small maps (a phone): a map under 600 CSS px wide draws its insets at
  // a third of their size or less, too small to read. There each inset
  // gives way to a button in its place that opens it full width; graticule
  // degrees that would be drawn under 9 CSS px go; and event symbols are
  // never drawn under 9 CSS px across, on any screen.
  const MIN_SYMBOL = 9;
  const insetGroups = (svg, k) => Array.from(svg.querySelectorAll(".pm-inset")).filter((g) => {
    const ph = g.closest("[data-ph]");
    return ph !== null && ph.dataset.ph === String(k);
  });
  for (const g of mapA.querySelectorAll("g[id*='-inset-'][transform]")) {
    if (/^ph\d+-inset-/.test(g.id) && !g.parentElement.closest("[id*='-inset-']")) g.classList.add("pm-inset");
  }
  for (const g of mapA.querySelectorAll("g[id$='-graticule-labels']")) g.classList.add("pm-degrees");
  const insetView = $("inset-view");
  const insetButtons = $("inset-buttons");
  let small = null;
  function smallScreen() {
    const r = mapA.getBoundingClientRect();
    if (!r.width) return;
    const zs = r.width / state.view[2];
    const now = r.width < 600;
    if (now !== small) {
      small = now;
      app.classList.toggle("pm-small", small);
    }
    for (const svg of [mapA, mapB]) {
      if (!svg) continue;
      for (const g of svg.querySelectorAll(".pm-degrees")) {
        const t = g.querySelector("text");
        g.style.display = small && t && Number(t.getAttribute("font-size")) * zs < 9 ? "none" : "";
      }
      for (const g of svg.querySelectorAll("g[data-f^='event/']")) {
        if (!g.dataset.box) {
          const b = g.getBBox();
          g.dataset.box = [b.x + b.width / 2, b.y + b.height / 2, Math.max(b.width, b.height)].map((v) => v.toFixed(1)).join(",");
        }
        const [cx, cy, size] = g.dataset.box.split(",").map(Number);
        const grow = size > 0 ? MIN_SYMBOL / (size * zs) : 1;
        if (grow > 1) g.setAttribute("transform", "translate(" + cx + " " + cy + ") scale(" + grow.toFixed(3) + ") translate(" + -cx + " " + -cy + ")");
        else g.removeAttribute("transform");
      }
    }
    insetCues(r, zs);
  }
  // One button per inset of the phase shown, at the inset's top corner
  // while that is in view. Comparing, each map gets the buttons of its own
  // phase: side by side each on its own map; swiping, the inset of the map
  // on its side of the divider (an inset both phases have in one place
  // gets one button). A button opens the inset of both compared phases
  // where both have it.
  function insetCues(r, zs) {
    if (!insetButtons) return;
    const frag = document.createDocumentFragment();
    if (small) {
      const [vx, vy] = state.view;
      const host = maps.getBoundingClientRect();
      const shown = [[mapA, state.a]];
      if (compare() && mapB) shown.push([mapB, state.b]);
      const swipe = compare() && state.mode === "swipe";
      const cut = (r.width * state.split) / 100;
      const key = (b) => b.join(",");
      // Per map, its phase's insets: [group, box]; by box, every phase's.
      const per = shown.map(([svg, k]) => {
        const boxes = (data.insets || [])[k] || [];
        return insetGroups(svg, k).map((g, n) => [g, boxes[n]]).filter(([, b]) => b);
      });
      const pairs = new Map();
      per.forEach((list) => list.forEach(([g, b]) => {
        if (!pairs.has(key(b))) pairs.set(key(b), []);
        pairs.get(key(b)).push(g);
      }));
      const seen = new Set();
      shown.forEach(([svg, k], m) => {
        const mr = svg.getBoundingClientRect();
        const ox = mr.left - host.left, oy = mr.top - host.top;
        for (const [g, b] of per[m]) {
          const x = (b[0] - vx) * zs, y = (b[1] - vy) * zs, x1 = (b[2] - vx) * zs;
          if (x1 < 40 || y < -1 || x > mr.width - 40 || y > mr.width * H / W - 40) continue;
          const both = pairs.get(key(b));
          if (swipe) {
            // One button for an inset both maps have in one place; else
            // the map's own where its part of the map shows the inset.
            if (both.length > 1) {
              if (seen.has(key(b))) continue;
              seen.add(key(b));
            } else if (m === 0 ? x > cut - 20 : x1 < cut + 20) continue;
          }
          const title = g.querySelector(":scope > text");
          const name = title ? title.textContent : "";
          const btn = document.createElement("button");
          btn.type = "button";
          btn.className = "inset-open";
          const chip = document.createElement("span");
          chip.className = "chip";
          chip.textContent = "\u2922 " + name;
          btn.appendChild(chip);
          btn.title = name;
          // At the inset's top corner nearer the map's side, within the map.
          if (x + x1 > mr.width) btn.style.right = (host.width - ox - mr.width + Math.max(0, mr.width - x1)).toFixed(0) + "px";
          else btn.style.left = (ox + Math.max(0, x)).toFixed(0) + "px";
          btn.style.top = (oy + Math.max(0, y)).toFixed(0) + "px";
          // Map A's phase first (the groups are listed map by map).
          const groups = compare() ? both.map((h) => [h, h.closest("svg") === mapA ? state.a : state.b]) : [[g, k]];
          btn.addEventListener("click", () => openInset(groups, b, name));
          frag.appendChild(btn);
        }
      });
    }
    insetButtons.replaceChildren(frag);
  }
  // Opens the inset `b` (map px) full width: one copy per [group, phase]
  // of `groups`, each under its phase's name when there are two.
  function openInset(groups, b, title) {
    const view = insetView.querySelector(".view");
    view.replaceChildren();
    for (const [g, k] of groups) {
      if (groups.length > 1) {
        const h = document.createElement("p");
        h.className = "inset-phase";
        h.textContent = phaseLabel(k);
        view.appendChild(h);
      }
      const svg = document.createElementNS(SVGNS, "svg");
      svg.setAttribute("viewBox", [b[0], b[1], b[2] - b[0], b[3] - b[1]].join(" "));
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", groups.length > 1 ? title + ": " + phaseLabel(k) : title);
      const copy = g.cloneNode(true);
      copy.classList.remove("pm-inset");
      for (const el of copy.querySelectorAll("[id]")) el.removeAttribute("id");
      // Its symbols at their own size: the view is large enough.
      for (const el of copy.querySelectorAll("[data-box]")) el.removeAttribute("transform");
      copy.removeAttribute("id");
      svg.appendChild(copy);
      view.appendChild(svg);
    }
    insetView.hidden = false;
    insetView.querySelector(".close").focus();
  }
  function closeInset() {
    if (insetView.hidden) return;
    insetView.hidden = true;
    insetView.querySelector(".view").replaceChildren();
    const first = insetButtons && insetButtons.querySelector("button");
    if (first) first.focus();
  }
  if (insetView) {
    on(insetView.querySelector(".close"), "click", closeInset);
    on(insetView, "keydown", (e) => { if (e.key === "Escape") { closeInset(); e.stopPropagation(); } });
  }

  // Scale bar: ground distance per screen pixel at the centre of the view,
  // from the grid of metres per map pixel the page carries, so it stays
  // true as the reader zooms and pans.
  const scaleEl = $("scale");
  const grid = data.scale || [];
  function metresPerMapPx(mx, my) {
    const rows = grid.length, cols = rows ? grid[0].length : 0;
    if (!rows || !cols) return null;
    const fx = cols > 1 ? Math.min(cols - 1, Math.max(0, (mx / W) * (cols - 1))) : 0;
    const fy = rows > 1 ? Math.min(rows - 1, Math.max(0, (my / H) * (rows - 1))) : 0;
    const c0 = Math.floor(fx), r0 = Math.floor(fy);
    const c1 = Math.min(cols - 1, c0 + 1), r1 = Math.min(rows - 1, r0 + 1);
    const tx = fx - c0, ty = fy - r0;
    let sum = 0, weight = 0;
    for (const [rr, cc, wgt] of [[r0, c0, (1 - tx) * (1 - ty)], [r0, c1, tx * (1 - ty)], [r1, c0, (1 - tx) * ty], [r1, c1, tx * ty]]) {
      const v = grid[rr][cc];
      if (v > 0 && wgt > 0) { sum += v * wgt; weight += wgt; }
    }
    return weight > 0 ? sum / weight : null;
  }
  // A round length (1, 2, 2.5 or 5 times a power of ten) not above v.
  function niceLength(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [5, 2.5, 2, 1]) if (m * p <= v) return m * p;
    return p;
  }
  // The insets of phase k on screen (px from the map's top left corner),
  // at `zs` screen px per map px in the current view.
  function insetBoxes(k, zs) {
    const [vx, vy] = state.view;
    return ((data.insets || [])[k] || []).map((b) => [(b[0] - vx) * zs, (b[1] - vy) * zs, (b[2] - vx) * zs, (b[3] - vy) * zs]);
  }
  function updateScale() {
    const r = mapA.getBoundingClientRect();
    const [x, y, w] = state.view;
    const m = metresPerMapPx(x + w / 2, y + (w * H) / W / 2);
    if (!r.width || !m) { scaleEl.hidden = true; return; }
    const perCss = (m * w) / r.width; // ground metres per CSS pixel
    const target = Math.min(120, r.width * 0.3);
    const km = niceLength((target * perCss) / 1000);
    const px = (km * 1000) / perCss;
    const text = (km >= 1000 ? km.toLocaleString(lang) : String(Number(km.toPrecision(3)))) + " " + data.km;
    scaleEl.querySelector(".bar").style.width = px.toFixed(1) + "px";
    scaleEl.querySelector(".len").textContent = text;
    scaleEl.dataset.km = String(km);
    scaleEl.dataset.px = px.toFixed(2);
    scaleEl.hidden = false;
    placeScale(r.width, r.width / w);
  }
  // The scale bar takes a corner of the map that no inset covers, the one
  // hiding the fewest of the phase's first names (the bottom left when it
  // is as good); it stays where it is unless another corner is clearly
  // better, so it does not jump about while the reader pans.
  const CORNERS = [["", 0, 1], ["east", 1, 1], ["north", 0, 0], ["north east", 1, 0]];
  function placeScale(cssW, z) {
    const [vx, vy] = state.view, vh = (cssW * H) / W;
    const shown = insetBoxes(state.a, z).concat(mapB && compare() ? insetBoxes(state.b, z) : []);
    const sw = scaleEl.offsetWidth + 12, sh = scaleEl.offsetHeight + 12;
    const order = (data.labelOrder[state.a] || []).slice(0, 60);
    const score = ([, e, s]) => {
      const b = [e ? cssW - sw : 0, s ? vh - sh : 0, e ? cssW : sw, s ? vh : sh];
      if (shown.some((o) => o[0] < b[2] && b[0] < o[2] && o[1] < b[3] && b[1] < o[3])) return Infinity;
      let n = 0;
      order.forEach((i, rank) => {
        const L = labels[i], x = (L[2] - vx) * z, y = (L[3] - vy) * z;
        if (x > b[0] - 20 && x < b[2] + 20 && y > b[1] - 10 && y < b[3] + 10) n += 1 / (1 + rank / 10);
      });
      return n;
    };
    const scores = CORNERS.map(score);
    const now = CORNERS.findIndex(([c]) => c === (scaleEl.dataset.corner || ""));
    let best = scores.indexOf(Math.min(...scores));
    if (now >= 0 && scores[now] <= scores[best] + 0.5) best = now;
    const [cls] = CORNERS[scores[best] === Infinity ? 0 : best];
    scaleEl.dataset.corner = cls;
    scaleEl.classList.toggle("east", cls.includes("east"));
    scaleEl.classList.toggle("north", cls.includes("north"));
  }

  // Tooltips: hover with a mouse; a tap opens them as a panel on touch.
  // Text goes in with textContent only.
  const features = data.features;
  function keyOf(el) {
    const f = el && el.closest && el.closest("[data-f],[data-label]");
    if (!f) return null;
    const k = f.getAttribute("data-f") || f.getAttribute("data-label");
    return features[k] ? k : null;
  }
  function showTip(k, x, y, pinned) {
    const f = features[k];
    tooltip.replaceChildren();
    const b = document.createElement("b");
    b.textContent = f.name;
    tooltip.appendChild(b);
    if (f.kind) {
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = f.kind;
      tooltip.appendChild(kind);
    }
    const dl = document.createElement("dl");
    for (const [t, v] of [[T.dates, f.dates], [T.power, f.power]]) {
      if (!v) continue;
      const dt = document.createElement("dt");
      dt.textContent = t;
      const dd = document.createElement("dd");
      dd.textContent = v;
      dl.append(dt, dd);
    }
    if (dl.children.length) tooltip.appendChild(dl);
    if (f.desc) {
      const p = document.createElement("p");
      p.textContent = f.desc;
      tooltip.appendChild(p);
    }
    tooltip.classList.toggle("pinned", !!pinned);
    if (pinned) {
      const close = document.createElement("button");
      close.type = "button";
      close.className = "close";
      close.setAttribute("aria-label", T.close);
      close.textContent = "\u00d7";
      on(close, "click", hideTip);
      tooltip.prepend(close);
    }
    tooltip.hidden = false;
    if (pinned && window.innerWidth < 600) {
      tooltip.style.left = tooltip.style.top = "";
      return; // a panel along the bottom (CSS)
    }
    const r = tooltip.getBoundingClientRect();
    const left = Math.min(x + 14, window.innerWidth - r.width - 4);
    const top = y + 16 + r.height > window.innerHeight ? y - r.height - 10 : y + 16;
    tooltip.style.left = Math.max(4, left) + "px";
    tooltip.style.top = Math.max(4, top) + "px";
  }
  function hideTip() { tooltip.hidden = true; tooltip.classList.remove("pinned"); }
  on(maps, "pointermove", (e) => {
    if (e.pointerType === "touch" || drag || tooltip.classList.contains("pinned")) return;
    const k = keyOf(e.target);
    if (k) showTip(k, e.clientX, e.clientY, false); else hideTip();
  });
  on(maps, "pointerleave", (e) => { if (e.pointerType !== "touch" && !tooltip.classList.contains("pinned")) hideTip(); });
  on(maps, "click", (e) => {
    if (moved) return;
    const k = keyOf(e.target);
    if (k && e.pointerType === "touch") showTip(k, e.clientX, e.clientY, true);
    else if (!k) hideTip();
  });

  // Good manners inside an article (cooperative gestures): the wheel
  // scrolls the page unless the reader holds Ctrl/Cmd (a trackpad pinch
  // comes as Ctrl-wheel) or is using the map right now: a click into it
  // lets the plain wheel zoom until the pointer leaves the map, the wheel
  // rests for 2 s, or the map has moved on the screen (the reader scrolled
  // the article around the frame; the frame is not told when the pointer
  // leaves it). Focus alone is not enough: the frame keeps it while the
  // reader scrolls the article past. One finger scrolls the page, two
  // fingers pan and zoom the map.
  let active = false;
  let activeTimer = null;
  let activeAt = "";
  const onScreen = (e) => `${e.screenX - e.clientX},${e.screenY - e.clientY}`;
  let hintTimer = null;
  const announced = new Set();
  function setActive(on) {
    active = on;
    clearTimeout(activeTimer);
    if (on) activeTimer = setTimeout(() => { active = false; }, 2000);
  }
  function showHint(text) {
    // Screen readers hear each hint once, not on every wheel of a reader
    // scrolling past.
    hint.setAttribute("aria-live", announced.has(text) ? "off" : "polite");
    announced.add(text);
    hint.textContent = text;
    hint.hidden = false;
    clearTimeout(hintTimer);
    hintTimer = setTimeout(() => { hint.hidden = true; }, 1500);
  }
  on(document, "pointerdown", (e) => { setActive(stage.contains(e.target)); activeAt = onScreen(e); }, true);
  on(stage, "pointerleave", (e) => { if (e.pointerType !== "touch") setActive(false); });
  on(stage, "focusout", (e) => { if (!stage.contains(e.relatedTarget)) setActive(false); });
  on(stage, "wheel", (e) => {
    if (active && onScreen(e) !== activeAt) setActive(false);
    if (!(e.ctrlKey || e.metaKey || active)) {
      showHint(T["wheel-hint"].replace("{key}", isMac ? "\u2318" : "Ctrl"));
      return;
    }
    if (active) setActive(true);
    e.preventDefault();
    hint.hidden = true;
    const [mx, my] = toMap(e.clientX, e.clientY);
    zoomAt(mx, my, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)));
    writeHash();
  }, { passive: false });

  // Mouse and pen drag to pan (pointer events); touch below.
  let drag = null;
  let moved = false;
  on(stage, "pointerdown", (e) => {
    if (e.pointerType === "touch" || e.target === divider || e.button !== 0 || e.target.closest(".inset-open")) return;
    drag = [e.clientX, e.clientY, e.pointerId];
    moved = false;
    stage.setPointerCapture(e.pointerId);
  });
  on(stage, "pointermove", (e) => {
    if (!drag || e.pointerId !== drag[2]) return;
    const r = mapAt(e.clientX, e.clientY).getBoundingClientRect();
    const s = state.view[2] / r.width;
    const dx = e.clientX - drag[0], dy = e.clientY - drag[1];
    if (!moved && Math.hypot(dx, dy) < 3) return;
    if (!moved) { moved = true; stage.classList.add("dragging"); hideTip(); }
    state.view = [state.view[0] - dx * s, state.view[1] - dy * s, state.view[2]];
    drag[0] = e.clientX; drag[1] = e.clientY;
    applyView();
  });
  const endDrag = (e) => {
    if (!drag || e.pointerId !== drag[2]) return;
    drag = null;
    stage.classList.remove("dragging");
    if (moved) writeHash();
    setTimeout(() => { moved = false; }, 0);
  };
  on(stage, "pointerup", endDrag);
  on(stage, "pointercancel", endDrag);

  // Two fingers: the midpoint pans, the spread zooms. The CSS lets the
  // browser scroll with one finger (touch-action: pan-x pan-y).
  let touch = null;
  const mid = (t) => [(t[0].clientX + t[1].clientX) / 2, (t[0].clientY + t[1].clientY) / 2];
  const spread = (t) => Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY);
  on(stage, "touchstart", (e) => {
    if (e.touches.length >= 2) {
      e.preventDefault();
      touch = { mid: mid(e.touches), d: spread(e.touches) };
      hint.hidden = true;
      hideTip();
    }
  }, { passive: false });
  on(stage, "touchmove", (e) => {
    if (e.touches.length < 2) {
      if (!touch && e.target !== divider) showHint(T["touch-hint"]);
      return;
    }
    if (e.cancelable) e.preventDefault();
    const m = mid(e.touches), d = spread(e.touches);
    if (!touch) { touch = { mid: m, d }; return; }
    // The map point under the fingers' old midpoint goes under the new
    // one, at the new scale: pan and zoom in one step, clamped once.
    const r = mapAt(m[0], m[1]).getBoundingClientRect();
    const [px, py] = toMap(touch.mid[0], touch.mid[1]);
    const w = Math.min(W, Math.max(W / MAX_ZOOM, state.view[2] * touch.d / d));
    const s = w / r.width;
    state.view = [px - (m[0] - r.left) * s, py - (m[1] - r.top) * s, w];
    applyView();
    touch = { mid: m, d };
  }, { passive: false });
  const endTouch = (e) => {
    if (touch && e.touches.length < 2) { touch = null; writeHash(); }
  };
  on(stage, "touchend", endTouch);
  on(stage, "touchcancel", endTouch);

  // Keyboard on the focused map: arrows pan, + and - zoom, 0 resets.
  on(stage, "keydown", (e) => {
    if (e.target !== stage) return;
    const pan = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, -0.1], ArrowDown: [0, 0.1] }[e.key];
    if (pan) panBy(pan[0], pan[1]);
    else if (e.key === "+" || e.key === "=") zoomCentre(1.5);
    else if (e.key === "-" || e.key === "_") zoomCentre(1 / 1.5);
    else if (e.key === "0") resetView();
    else if (e.key === "Escape") { hideTip(); setActive(false); return; }
    else return;
    e.preventDefault();
    e.stopPropagation();
  });

  // Swipe divider.
  function setSplit(v) {
    state.split = Math.max(0, Math.min(100, v));
    render();
  }
  on(divider, "pointerdown", (e) => {
    e.stopPropagation();
    divider.setPointerCapture(e.pointerId);
    const move = (ev) => {
      const r = mapA.getBoundingClientRect();
      setSplit(((ev.clientX - r.left) / r.width) * 100);
    };
    const up = () => {
      divider.removeEventListener("pointermove", move);
      divider.removeEventListener("pointerup", up);
    };
    divider.addEventListener("pointermove", move);
    divider.addEventListener("pointerup", up);
  });
  on(divider, "touchstart", (e) => e.stopPropagation(), { passive: true });
  on(divider, "keydown", (e) => {
    const d = { ArrowLeft: -5, ArrowRight: 5, Home: -100, End: 100 }[e.key];
    if (d === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    setSplit(state.split + d);
  });

  // Controls.
  on($("prev"), "click", () => step(-1));
  on($("next"), "click", () => step(1));
  on($("play"), "click", () => setPlaying(playTimer === null));
  on(slider, "input", () => goTo(Number(slider.value)));
  for (const b of document.querySelectorAll("#ticks button")) {
    on(b, "click", () => goTo(Number(b.dataset.goto)));
  }
  on($("zoom-in"), "click", () => zoomCentre(1.5));
  on($("zoom-out"), "click", () => zoomCentre(1 / 1.5));
  on($("zoom-reset"), "click", resetView);
  on($("compare"), "change", (e) => {
    if (e.target.checked) {
      state.b = Number($("cmp-b").value);
      if (state.b === state.a) state.b = state.a + 1 < phases.length ? state.a + 1 : state.a - 1;
    } else {
      state.b = -1;
    }
    render();
  });
  on($("cmp-a"), "change", (e) => {
    state.a = Number(e.target.value);
    if (state.b === state.a) state.b = -1;
    render();
  });
  on($("cmp-b"), "change", (e) => {
    const b = Number(e.target.value);
    state.b = b === state.a ? -1 : b;
    render();
  });
  on($("cmp-mode"), "change", (e) => { state.mode = e.target.value; render(); scheduleLabels(); });
  on(document, "keydown", (e) => {
    const t = e.target;
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (t && t.closest && t.closest("input, select, textarea, [role=slider]")) return;
    if (e.key === "ArrowLeft") { step(-1); e.preventDefault(); }
    else if (e.key === "ArrowRight") { step(1); e.preventDefault(); }
    else if (e.key === "Escape") hideTip();
  });
  on(window, "hashchange", () => { readHash(); render(); });
  // The map is as wide as lets it fit the window below the title and the
  // controls (which wrap on a narrow window or frame): the style sheet
  // guesses their height, the script measures it.
  function fitHeight() {
    const above = Math.round(maps.getBoundingClientRect().top + scrollY + 12);
    document.documentElement.style.setProperty("--above", above + "px");
    // A map held down by the window's height leaves its column's right part
    // empty: the legend goes beside it, under the captions; a map as wide as
    // its column leaves room below it, and the legend goes there.
    const free = maps.parentElement.clientWidth - maps.getBoundingClientRect().width;
    app.dataset.legend = free > 200 ? "side" : "under";
    document.documentElement.classList.remove("pm-fitting");
    legendCue();
  }
  // A legend below the bottom of the window (a short window) gets a button
  // in the controls that says so and scrolls to it. Inside a frame the page
  // never scrolls (see pm-framed in the style sheet): the button opens and
  // closes the panel of caption, legend and sources, unless the frame is
  // wide enough to show that panel beside the map.
  const toLegend = $("to-legend");
  const legendBox = $("legend");
  const extras = $("extras");
  const framed = document.documentElement.classList.contains("pm-framed");
  const panelIsBeside = () => getComputedStyle(extras).position !== "absolute";
  function setPanel(open) {
    if (open) app.dataset.panel = "open"; else delete app.dataset.panel;
    toLegend.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function legendCue() {
    if (!toLegend || !legendBox) return;
    if (framed) {
      toLegend.hidden = panelIsBeside();
      if (toLegend.hidden && app.dataset.panel) setPanel(false);
      return;
    }
    toLegend.hidden = legendBox.getBoundingClientRect().top < innerHeight;
  }
  if (toLegend && legendBox && framed) {
    toLegend.setAttribute("aria-controls", "extras");
    extras.tabIndex = -1;
    setPanel(false);
    on(toLegend, "click", () => {
      const open = !app.dataset.panel;
      setPanel(open);
      if (open) extras.focus({ preventScroll: true });
    });
    on(extras, "keydown", (e) => {
      if (e.key === "Escape") { setPanel(false); toLegend.focus(); e.stopPropagation(); }
    });
  } else if (toLegend && legendBox) {
    on(toLegend, "click", () => {
      legendBox.scrollIntoView({ behavior: reduceMotion ? "auto" : "smooth", block: "start" });
    });
    on(window, "scroll", legendCue, { passive: true });
  }
  on(window, "resize", () => { fitHeight(); scheduleLabels(); });
  // A phase's title may wrap where another's did not: measure again when
  // anything above the map changes size (each sibling before it, at every
  // level up to #app).
  let watch = null;
  if (window.ResizeObserver) {
    watch = new ResizeObserver(() => fitHeight());
    for (let el = maps; el && el !== app; el = el.parentElement) {
      for (let s = el.previousElementSibling; s; s = s.previousElementSibling) watch.observe(s);
    }
  }
  fitHeight();

  readHash();
  render();
  placeAll();
  window.phasemapStop = () => {
    stopped.abort();
    if (watch) watch.disconnect();
    clearInterval(playTimer);
    // The view the next run starts from.
    if (hashTimer !== null) { clearTimeout(hashTimer); hashNow(); }
    clearTimeout(hintTimer);
    clearTimeout(activeTimer);
    cancelAnimationFrame(labelFrame);
    window.phasemapStop = null;
  };
  window.phasemapReady = performance.now();
})();

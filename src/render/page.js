// phasemap interactive page. No network access except, when served by
// `phasemap serve`, polling the preview's build number to reload on change.
"use strict";
(function () {
  // Live preview: only over http, so a page opened from file:// makes no request.
  if (location.protocol === "http:" || location.protocol === "https:") {
    let seen = null;
    const poll = () => {
      fetch("/__phasemap/version", { cache: "no-store" })
        .then((r) => (r.ok ? r.text() : null))
        .then((v) => {
          if (v === null) return;
          if (seen !== null && v !== seen) location.reload();
          seen = v;
        })
        .catch(() => {})
        .finally(() => setTimeout(poll, 400));
    };
    poll();
  }

  const dataEl = document.getElementById("phasemap-data");
  if (!dataEl) return; // the error page
  const data = JSON.parse(dataEl.textContent);
  const phases = data.phases;
  const $ = (id) => document.getElementById(id);
  const mapA = $("map-a");
  const maps = $("maps");
  const stage = $("stage");
  const divider = $("divider");
  const tooltip = $("tooltip");
  const slider = $("slider");
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const full = mapA.viewBox.baseVal;
  const W = full.width, H = full.height;

  const state = { phase: 0, compare: false, a: 0, b: Math.min(1, phases.length - 1), split: 50, view: [0, 0, W] };
  let mapB = null;

  function showPhase(svg, k) {
    for (const g of svg.querySelectorAll("g[data-ph]")) {
      g.style.display = Number(g.dataset.ph) === k ? "" : "none";
    }
  }

  function ensureMapB() {
    if (mapB) return mapB;
    mapB = mapA.cloneNode(true);
    mapB.id = "map-b";
    mapB.setAttribute("aria-label", "Map, second phase");
    for (const el of mapB.querySelectorAll("[tabindex]")) el.removeAttribute("tabindex");
    maps.appendChild(mapB);
    applyToggles();
    return mapB;
  }

  function render() {
    const left = state.compare ? state.a : state.phase;
    const p = phases[left];
    showPhase(mapA, left);
    if (state.compare) {
      ensureMapB();
      mapB.style.display = "";
      showPhase(mapB, state.b);
      mapB.style.clipPath = "inset(0 0 0 " + state.split + "%)";
      divider.hidden = false;
      divider.style.left = state.split + "%";
      divider.setAttribute("aria-valuenow", String(Math.round(state.split)));
      $("phase-title").textContent = phases[state.a].title + "  \u2194  " + phases[state.b].title;
      $("phase-dates").textContent = phases[state.a].dates + " / " + phases[state.b].dates;
    } else {
      if (mapB) mapB.style.display = "none";
      divider.hidden = true;
      $("phase-title").textContent = (left + 1) + ". " + p.title;
      $("phase-dates").textContent = p.dates + " \u00b7 situation on " + p.snapshot;
    }
    slider.value = String(left);
    slider.setAttribute("aria-valuetext", p.id + ": " + p.title);
    for (const b of document.querySelectorAll("#ticks button")) {
      b.setAttribute("aria-current", Number(b.dataset.goto) === left ? "true" : "false");
    }
    for (const l of document.querySelectorAll("#legend svg")) {
      l.toggleAttribute("hidden", Number(l.dataset.legend) !== left); // SVG elements lack the .hidden property
    }
    $("compare").checked = state.compare;
    $("cmp-a").value = String(state.a);
    $("cmp-b").value = String(state.b);
    applyView();
    writeHash();
  }

  // View: [x, y, width] of the visible part of the map, in map pixels.
  function clampView() {
    let [x, y, w] = state.view;
    w = Math.min(W, Math.max(W / 24, w));
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
  }
  function toMap(clientX, clientY) {
    const r = mapA.getBoundingClientRect();
    const [x, y, w] = state.view;
    const s = w / r.width;
    return [x + (clientX - r.left) * s, y + (clientY - r.top) * s];
  }
  function zoomAt(mx, my, factor) {
    const [x, y, w] = state.view;
    const nw = Math.min(W, Math.max(W / 24, w / factor));
    const k = nw / w;
    state.view = [mx - (mx - x) * k, my - (my - y) * k, nw];
    applyView();
  }
  function zoomCentre(factor) {
    const [x, y, w] = state.view;
    zoomAt(x + w / 2, y + (w * H) / W / 2, factor);
    writeHash();
  }

  // URL hash: #phase=ID&compare=A,B&split=N&view=x,y,w
  let hashTimer = null;
  function writeHash() {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => {
      const parts = ["phase=" + encodeURIComponent(phases[state.compare ? state.a : state.phase].id)];
      if (state.compare) {
        parts.push("compare=" + encodeURIComponent(phases[state.a].id) + "," + encodeURIComponent(phases[state.b].id));
        parts.push("split=" + Math.round(state.split));
      }
      if (state.view[2] < W - 0.5) parts.push("view=" + state.view.map((v) => Math.round(v)).join(","));
      const h = "#" + parts.join("&");
      if (location.hash !== h) {
        try { history.replaceState(null, "", h); } catch (e) { /* sandboxed iframe: state stays local */ }
      }
    }, 150);
  }
  function readHash() {
    const idx = (id) => phases.findIndex((p) => p.id === id);
    const q = new URLSearchParams(location.hash.slice(1));
    const ph = idx(q.get("phase") || "");
    if (ph >= 0) { state.phase = ph; state.a = ph; }
    const cmp = (q.get("compare") || "").split(",").map(idx);
    state.compare = cmp.length === 2 && cmp[0] >= 0 && cmp[1] >= 0;
    if (state.compare) { state.a = cmp[0]; state.b = cmp[1]; }
    const split = Number(q.get("split"));
    if (q.has("split") && split >= 0 && split <= 100) state.split = split;
    const v = (q.get("view") || "").split(",").map(Number);
    state.view = v.length === 3 && v.every(Number.isFinite) ? v : [0, 0, W];
  }

  function goTo(k) {
    k = Math.max(0, Math.min(phases.length - 1, k));
    state.phase = k;
    state.a = k; // the comparison starts from the phase on show
    render();
  }
  function step(d) { goTo((state.compare ? state.a : state.phase) + d); }

  let playTimer = null;
  function setPlaying(on) {
    const b = $("play");
    clearInterval(playTimer);
    playTimer = null;
    if (on) {
      if ((state.compare ? state.a : state.phase) === phases.length - 1) goTo(0);
      playTimer = setInterval(() => {
        const cur = state.compare ? state.a : state.phase;
        if (cur >= phases.length - 1) setPlaying(false); else step(1);
      }, reduceMotion ? 2500 : 1500);
    }
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.setAttribute("aria-label", on ? "Pause" : "Play");
    b.textContent = on ? "\u275A\u275A Pause" : "\u25B6\uFE0E Play";
  }

  // Layer toggles, from the style's layers (see render::html::toggles).
  const hiddenLayers = new Set();
  function applyToggles() {
    for (const svg of [mapA, mapB]) {
      if (!svg) continue;
      for (const g of svg.querySelectorAll("g[data-layer]")) {
        g.style.display = hiddenLayers.has(g.dataset.layer) ? "none" : "";
      }
    }
  }
  for (const t of data.toggles) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.layer = t.id;
    box.setAttribute("aria-label", "Show layer " + t.label);
    box.addEventListener("change", () => {
      if (box.checked) hiddenLayers.delete(t.id); else hiddenLayers.add(t.id);
      applyToggles();
    });
    label.append(box, " " + t.label);
    $("toggles").appendChild(label);
  }

  // Tooltips: hover and keyboard focus. Text goes in with textContent only.
  const features = data.features;
  function keyOf(el) {
    const f = el && el.closest && el.closest("[data-f],[data-label]");
    if (!f) return null;
    const k = f.getAttribute("data-f") || f.getAttribute("data-label");
    return features[k] ? k : null;
  }
  function showTip(k, x, y) {
    const f = features[k];
    tooltip.replaceChildren();
    const b = document.createElement("b");
    b.textContent = f.name || k;
    tooltip.appendChild(b);
    const dl = document.createElement("dl");
    const rows = [["Power", f.power], ["Legend", f.legend !== f.power ? f.legend : null], ["Dates", f.dates],
      ["Certainty", f.certainty], ["Source", f.source], ["Note", f.source_note]];
    for (const [t, v] of rows) {
      if (!v) continue;
      const dt = document.createElement("dt");
      dt.textContent = t;
      const dd = document.createElement("dd");
      dd.textContent = v;
      dl.append(dt, dd);
    }
    if (dl.children.length) tooltip.appendChild(dl);
    tooltip.hidden = false;
    const r = tooltip.getBoundingClientRect();
    const left = Math.min(x + 14, window.innerWidth - r.width - 4);
    const top = y + 16 + r.height > window.innerHeight ? y - r.height - 10 : y + 16;
    tooltip.style.left = Math.max(4, left) + "px";
    tooltip.style.top = Math.max(4, top) + "px";
  }
  function hideTip() { tooltip.hidden = true; }
  for (const el of mapA.querySelectorAll("[data-f]")) {
    const k = el.getAttribute("data-f");
    if (features[k]) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("aria-label", features[k].name || k);
    }
  }
  maps.addEventListener("pointermove", (e) => {
    if (drag.size) return;
    const k = keyOf(e.target);
    if (k) showTip(k, e.clientX, e.clientY); else hideTip();
  });
  maps.addEventListener("pointerleave", hideTip);
  mapA.addEventListener("focusin", (e) => {
    const k = keyOf(e.target);
    if (!k) return;
    const r = e.target.getBoundingClientRect();
    showTip(k, r.left + r.width / 2, r.top + r.height / 2);
  });
  mapA.addEventListener("focusout", hideTip);

  // Pan and zoom: wheel, drag and pinch through pointer events.
  const drag = new Map();
  let pinch = null;
  stage.addEventListener("wheel", (e) => {
    e.preventDefault();
    const [mx, my] = toMap(e.clientX, e.clientY);
    zoomAt(mx, my, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)));
    writeHash();
  }, { passive: false });
  stage.addEventListener("pointerdown", (e) => {
    if (e.target === divider || (e.pointerType === "mouse" && e.button !== 0)) return;
    stage.setPointerCapture(e.pointerId);
    drag.set(e.pointerId, [e.clientX, e.clientY]);
    stage.classList.add("dragging");
    hideTip();
    // The pinch starts at the fingers' distance when the second touches, so
    // the zoom follows them exactly, however coarse the move events.
    pinch = drag.size === 2 ? fingerDistance() : null;
  });
  function fingerDistance() {
    const [p, q] = [...drag.values()];
    return Math.hypot(p[0] - q[0], p[1] - q[1]);
  }
  stage.addEventListener("pointermove", (e) => {
    if (!drag.has(e.pointerId)) return;
    const prev = drag.get(e.pointerId);
    drag.set(e.pointerId, [e.clientX, e.clientY]);
    const r = mapA.getBoundingClientRect();
    const s = state.view[2] / r.width;
    if (drag.size === 1) {
      state.view = [state.view[0] - (e.clientX - prev[0]) * s, state.view[1] - (e.clientY - prev[1]) * s, state.view[2]];
      applyView();
    } else if (drag.size === 2) {
      const [p, q] = [...drag.values()];
      const d = fingerDistance();
      if (pinch) {
        const [mx, my] = toMap((p[0] + q[0]) / 2, (p[1] + q[1]) / 2);
        zoomAt(mx, my, d / pinch);
      }
      pinch = d;
    }
  });
  const endDrag = (e) => {
    if (!drag.delete(e.pointerId)) return;
    pinch = null;
    if (!drag.size) { stage.classList.remove("dragging"); writeHash(); }
  };
  stage.addEventListener("pointerup", endDrag);
  stage.addEventListener("pointercancel", endDrag);

  // Swipe divider.
  function setSplit(v) {
    state.split = Math.max(0, Math.min(100, v));
    render();
  }
  divider.addEventListener("pointerdown", (e) => {
    e.stopPropagation();
    divider.setPointerCapture(e.pointerId);
    const move = (ev) => {
      const r = stage.getBoundingClientRect();
      setSplit(((ev.clientX - r.left) / r.width) * 100);
    };
    const up = () => {
      divider.removeEventListener("pointermove", move);
      divider.removeEventListener("pointerup", up);
    };
    divider.addEventListener("pointermove", move);
    divider.addEventListener("pointerup", up);
  });
  divider.addEventListener("keydown", (e) => {
    const d = { ArrowLeft: -5, ArrowRight: 5, Home: -100, End: 100 }[e.key];
    if (d === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    setSplit(state.split + d);
  });

  // Controls.
  $("prev").addEventListener("click", () => step(-1));
  $("next").addEventListener("click", () => step(1));
  $("play").addEventListener("click", () => setPlaying(playTimer === null));
  slider.addEventListener("input", () => goTo(Number(slider.value)));
  for (const b of document.querySelectorAll("#ticks button")) {
    b.addEventListener("click", () => goTo(Number(b.dataset.goto)));
  }
  $("zoom-in").addEventListener("click", () => zoomCentre(1.5));
  $("zoom-out").addEventListener("click", () => zoomCentre(1 / 1.5));
  $("zoom-reset").addEventListener("click", () => { state.view = [0, 0, W]; render(); });
  $("compare").addEventListener("change", (e) => {
    state.compare = e.target.checked;
    if (state.compare) {
      state.a = state.phase;
      if (state.b === state.a) state.b = Math.min(phases.length - 1, state.a + 1);
      if (state.b === state.a) state.b = Math.max(0, state.a - 1);
    } else {
      state.phase = state.a;
    }
    render();
  });
  $("cmp-a").addEventListener("change", (e) => { state.a = Number(e.target.value); state.phase = state.a; render(); });
  $("cmp-b").addEventListener("change", (e) => { state.b = Number(e.target.value); render(); });
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
    if (e.key === "ArrowLeft") { step(-1); e.preventDefault(); }
    else if (e.key === "ArrowRight") { step(1); e.preventDefault(); }
    else if (e.key === "+" || e.key === "=") zoomCentre(1.5);
    else if (e.key === "-") zoomCentre(1 / 1.5);
    else if (e.key === "Escape") hideTip();
  });
  window.addEventListener("hashchange", () => { readHash(); render(); });

  readHash();
  render();
  window.phasemapReady = performance.now();
})();

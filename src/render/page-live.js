// Live preview (`phasemap serve` only; published pages never carry this):
// asks the server for the build after the one shown, naming the phase on
// view (the server composes it first); the server answers as soon as it has
// made one (or after a while, with the same number). The page then fetches
// the new build and swaps it in where it differs, keeping every element
// that is the same (the other phases' maps, the controls), and runs the
// page's script again; no reload. An error page on either side reloads.
"use strict";
(function () {
  let shown = document.currentScript.dataset.build;
  const pageScript = (doc) => {
    const data = doc.getElementById("phasemap-data");
    const s = data && data.nextElementSibling;
    return s && s.tagName === "SCRIPT" ? s : null;
  };
  // Makes `old` (in the page) equal to `neu` (parsed, not in the page),
  // replacing only the nodes that differ. Scripts are copied, not run.
  const morph = (old, neu) => {
    if (old.nodeType !== neu.nodeType || old.nodeName !== neu.nodeName) {
      old.replaceWith(document.importNode(neu, true));
      return;
    }
    if (old.nodeType !== Node.ELEMENT_NODE) {
      if (old.nodeValue !== neu.nodeValue) old.nodeValue = neu.nodeValue;
      return;
    }
    for (const a of Array.from(old.attributes)) {
      if (!neu.hasAttributeNS(a.namespaceURI, a.localName)) old.removeAttributeNS(a.namespaceURI, a.localName);
    }
    for (const a of Array.from(neu.attributes)) {
      if (old.getAttributeNS(a.namespaceURI, a.localName) !== a.value) old.setAttributeNS(a.namespaceURI, a.name, a.value);
    }
    const was = old.childNodes, now = neu.childNodes;
    if (was.length !== now.length) {
      old.replaceChildren(...Array.from(now, (n) => document.importNode(n, true)));
      return;
    }
    for (let i = 0; i < now.length; i++) {
      if (!was[i].isEqualNode(now[i])) morph(was[i], now[i]);
    }
  };
  const swap = (text) => {
    const neu = new DOMParser().parseFromString(text, "text/html");
    const live = neu.querySelector("script[data-build]");
    const script = pageScript(neu);
    if (!live || !script || !pageScript(document)) return false;
    document.documentElement.lang = neu.documentElement.lang;
    morph(document.head, neu.head);
    morph(document.body, neu.body);
    // The page's script again, on the new data (it stops its last run).
    const old = pageScript(document);
    const run = document.createElement("script");
    run.textContent = old.textContent;
    old.replaceWith(run);
    shown = live.dataset.build;
    // After the next frame is painted: when the bench's clock stops.
    requestAnimationFrame(() => setTimeout(() => {
      window.phasemapSwapped = performance.timeOrigin + performance.now();
    }, 0));
    return true;
  };
  const ask = () => {
    const app = document.getElementById("app");
    const phase = app && /^[0-9]+$/.test(app.dataset.a || "") ? "&phase=" + app.dataset.a : "";
    fetch("/__phasemap/version?after=" + encodeURIComponent(shown) + phase, { cache: "no-store" })
      .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
      .then((v) => {
        if (v.trim() === shown) return ask();
        return fetch("/", { cache: "no-store" })
          .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
          .then((text) => {
            let swapped = false;
            try { swapped = swap(text); } catch (e) { /* reloaded below */ }
            if (swapped) ask();
            else location.reload();
          });
      })
      // Server stopped or restarting: try again a little later.
      .catch(() => setTimeout(ask, 1000));
  };
  ask();
})();
